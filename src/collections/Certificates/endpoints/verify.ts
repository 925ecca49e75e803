import type { Endpoint, Payload } from 'payload'

import { findVerification } from '@/services/certificates/verification'
import { certificateText } from '@/services/certificates/certificateText'

/** Anyone, from anywhere, may check a certificate: no cookies involved, so any origin. */
const PUBLIC_HEADERS = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' }

/** The answer to a verification by serial: the facts and standing, or 404 in the error shape. */
export const verificationResponse = async (payload: Payload, serial: string): Promise<Response> => {
  const verification = await findVerification(payload, serial)
  if (!verification) {
    return Response.json({ errors: [{ message: certificateText.en.notFound }] }, { status: 404, headers: PUBLIC_HEADERS })
  }
  return Response.json(verification, { headers: PUBLIC_HEADERS })
}

/**
 * `GET /api/certificates/verify/:serial`: valid or revoked, the facts printed on the
 * certificate, and the credential signed at issue. Never cached, so a revocation shows at once.
 * Under Next the API gate answers this route itself (src/http/apiRoutes.ts); this endpoint
 * is the same answer for any other way into Payload's REST API.
 */
export const verifyCertificate: Endpoint = {
  path: '/verify/:serial',
  method: 'get',
  handler: (req) => verificationResponse(req.payload, String(req.routeParams?.serial ?? '')),
}
