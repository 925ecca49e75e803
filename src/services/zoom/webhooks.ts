import { createHmac, timingSafeEqual } from 'node:crypto'

/** The headers Zoom signs its notifications with (Node gives them in lower case). */
export const ZOOM_SIGNATURE_HEADER = 'x-zm-signature'
export const ZOOM_TIMESTAMP_HEADER = 'x-zm-request-timestamp'

/** Zoom retries for up to an hour or so, each retry freshly signed: an older signature is a replay. */
const DEFAULT_TOLERANCE_SECONDS = 300

export type ZoomSignatureCheck = { valid: true } | { valid: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' }

const hmacHex = (secret: string, message: string | Buffer): string => createHmac('sha256', secret).update(message).digest('hex')

/** The request timestamp in milliseconds: Zoom sends Unix seconds; a 13-digit value is read as milliseconds. */
const timestampMs = (value: string): number | undefined => {
  if (!/^\d{1,16}$/.test(value)) {
    return undefined
  }
  const number = Number(value)
  return value.length >= 13 ? number : number * 1000
}

/**
 * Whether a notification is Zoom's: `x-zm-signature` must be
 * `v0=` + hex(HMAC-SHA256(secret, `v0:{x-zm-request-timestamp}:{raw body}`)), compared in
 * constant time, and the timestamp within `toleranceSeconds` of now. Check before reading the
 * body as JSON: the signature covers the bytes as they came.
 */
export const verifyZoomSignature = ({
  secret,
  rawBody,
  signature,
  timestamp,
  now = Date.now(),
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
}: {
  /** The app's webhook secret token (one per school's Zoom app). */
  secret: string
  rawBody: string | Buffer
  signature: string | null | undefined
  timestamp: string | null | undefined
  /** @default Date.now() */
  now?: number
  /** @default 300 */
  toleranceSeconds?: number
}): ZoomSignatureCheck => {
  if (!secret || !signature || !timestamp) {
    return { valid: false, reason: 'missing' }
  }
  const sentAt = timestampMs(timestamp.trim())
  if (sentAt === undefined || !/^v0=[0-9a-f]{64}$/i.test(signature.trim())) {
    return { valid: false, reason: 'malformed' }
  }
  if (Math.abs(now - sentAt) > toleranceSeconds * 1000) {
    return { valid: false, reason: 'stale' }
  }
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody
  const expected = Buffer.from(hmacHex(secret, Buffer.concat([Buffer.from(`v0:${timestamp.trim()}:`, 'utf8'), body])), 'hex')
  const given = Buffer.from(signature.trim().slice(3).toLowerCase(), 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected) ? { valid: true } : { valid: false, reason: 'mismatch' }
}

/**
 * The answer to Zoom's `endpoint.url_validation` challenge: the plain token back and its
 * HMAC-SHA256 under the webhook secret, in hex. Zoom sends it when the URL is saved and about
 * every 72 hours after; answer 200 with this JSON within 3 seconds.
 */
export const zoomUrlValidationAnswer = ({ secret, plainToken }: { secret: string; plainToken: string }): { plainToken: string; encryptedToken: string } => {
  if (!secret || !plainToken) {
    throw new TypeError('Zoom URL validation needs the webhook secret and the plainToken Zoom sent.')
  }
  return { plainToken, encryptedToken: hmacHex(secret, plainToken) }
}
