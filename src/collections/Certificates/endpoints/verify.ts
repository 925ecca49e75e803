import type { Endpoint } from 'payload'

import { verificationResponse } from '@/http/certificateVerification'

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
