import type { Payload } from 'payload'

import { certificateText } from '@/domain/certificates/certificateText'
import { findVerification } from '@/domain/certificates/verification'

/** Anyone, from anywhere, may check a certificate: no cookies involved, so any origin. */
const PUBLIC_HEADERS = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' }

/**
 * The answer to a verification by serial: the facts and standing, or 404 in the error shape.
 * Given by the certificates collection's endpoint and, under Next, by the API gate itself.
 */
export const verificationResponse = async (payload: Payload, serial: string): Promise<Response> => {
  const verification = await findVerification(payload, serial)
  if (!verification) {
    return Response.json({ errors: [{ message: certificateText.en.notFound }] }, { status: 404, headers: PUBLIC_HEADERS })
  }
  return Response.json(verification, { headers: PUBLIC_HEADERS })
}
