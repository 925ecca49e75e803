import crypto from 'node:crypto'

/** Every key starts so; a leaked one is recognisable to secret scanners. */
export const KEY_PREFIX = 'aqk_'

/** A new key: shown once, stored only as its hash. */
export const generateKey = (): { key: string; hash: string; hint: string } => {
  const key = `${KEY_PREFIX}${crypto.randomBytes(32).toString('base64url')}`
  return { key, hash: hashKey(key), hint: key.slice(0, KEY_PREFIX.length + 6) }
}

/**
 * Keys are 256 random bits, so one fast hash suffices (no salt or stretching
 * needed: nothing to guess), and lookups by hash stay a single index probe.
 */
export const hashKey = (key: string): string => crypto.createHash('sha256').update(key).digest('hex')

/** The key in `Authorization: Bearer aqk_…` or `X-API-Key: aqk_…`, if any. */
export const keyFromHeaders = (headers: Headers): string | undefined => {
  const bearer = headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1]
  const key = bearer ?? headers.get('x-api-key')?.trim()
  return key?.startsWith(KEY_PREFIX) ? key : undefined
}
