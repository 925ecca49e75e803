import crypto from 'node:crypto'

/** A token for a link sent by email, and the SHA-256 under which it is stored (never the token). */
export const newLinkToken = (): { token: string; hash: string } => {
  const token = crypto.randomBytes(32).toString('base64url')
  return { token, hash: hashLinkToken(token) }
}

export const hashLinkToken = (token: string): string => crypto.createHash('sha256').update(token).digest('hex')

/** A token as it may arrive in a link: base64url of 32 bytes; anything else names nothing. */
export const isLinkToken = (value: unknown): value is string => typeof value === 'string' && /^[\w-]{43}$/.test(value)
