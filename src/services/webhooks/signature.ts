import crypto from 'node:crypto'

/** Standard Webhooks secrets carry this prefix; the key is the base64 after it. */
const SECRET_PREFIX = 'whsec_'

/** A new signing secret: 32 random bytes, written the way Standard Webhooks receivers expect. */
export const newWebhookSecret = (): string => `${SECRET_PREFIX}${crypto.randomBytes(32).toString('base64')}`

const secretKey = (secret: string): Buffer => {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64')
  if (key.length === 0) {
    throw new Error('A webhook secret must be whsec_ followed by base64.')
  }
  return key
}

export type SignedMessage = {
  /** The message's `webhook-id`: the same on every retry, so receivers can drop duplicates. */
  id: string
  /** Seconds since the epoch; receivers refuse messages more than five minutes off. */
  timestamp: number
  body: string
  /** Every current secret: during a rotation both the old and the new one sign. */
  secrets: string[]
}

/** The `webhook-signature` header: `v1,<base64 HMAC-SHA256>` per secret, space-separated. */
export const signWebhook = ({ id, timestamp, body, secrets }: SignedMessage): string => {
  if (!Number.isSafeInteger(timestamp)) {
    throw new RangeError(`A webhook timestamp is whole seconds, not ${timestamp}.`)
  }
  if (secrets.length === 0) {
    throw new Error('A webhook needs at least one secret to be signed with.')
  }
  const content = `${id}.${timestamp}.${body}`
  return secrets.map((secret) => `v1,${crypto.createHmac('sha256', secretKey(secret)).update(content, 'utf8').digest('base64')}`).join(' ')
}

/** Every header a delivery carries. */
export const webhookHeaders = (message: SignedMessage): Record<string, string> => ({
  'webhook-id': message.id,
  'webhook-timestamp': String(message.timestamp),
  'webhook-signature': signWebhook(message),
  'content-type': 'application/json',
  'user-agent': 'Aqoon-Webhooks/1',
})
