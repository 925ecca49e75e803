import type { Endpoint } from 'payload'

import { findVerification } from '@/services/certificates/verification'
import { certificateText } from '@/services/certificates/certificateText'

/** Anyone, from anywhere, may check a certificate: no cookies involved, so any origin. */
const PUBLIC_HEADERS = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' }

/**
 * `GET /api/certificates/verify/:serial`: valid or revoked, the facts printed on the
 * certificate, and the credential signed at issue. Never cached, so a revocation shows at once.
 */
export const verifyCertificate: Endpoint = {
  path: '/verify/:serial',
  method: 'get',
  handler: async (req) => {
    const verification = await findVerification(req.payload, String(req.routeParams?.serial ?? ''))
    if (!verification) {
      return Response.json({ errors: [{ message: certificateText.en.notFound }] }, { status: 404, headers: PUBLIC_HEADERS })
    }
    return Response.json(verification, { headers: PUBLIC_HEADERS })
  },
}
