import crypto from 'node:crypto'

import { payloadSecret } from '@/secret'
import { settings } from '@/settings'

/**
 * Schools' secrets at rest (a PayPal client secret, bank details): AES-256-GCM under
 * DATA_ENCRYPTION_KEY, or a key derived from PAYLOAD_SECRET when none is given. A sealed value
 * names the key that sealed it (`enc:v1:<key id>:...`), so a new key can be introduced while
 * older values are still opened with the keys listed in DATA_ENCRYPTION_PREVIOUS_KEYS.
 */
const PREFIX = 'enc:v1:'

type Key = { id: string; bytes: Buffer }

const keyFrom = (material: string): Key => {
  const decoded = Buffer.from(material, 'base64')
  if (decoded.length !== 32) {
    throw new Error('DATA_ENCRYPTION_KEY must be 32 random bytes in base64 (openssl rand -base64 32).')
  }
  return { id: crypto.createHash('sha256').update(decoded).digest('base64url').slice(0, 8), bytes: decoded }
}

const derivedKey = (): Key => {
  const bytes = Buffer.from(crypto.hkdfSync('sha256', payloadSecret(), 'aqoon', 'data encryption key v1', 32))
  return { id: crypto.createHash('sha256').update(bytes).digest('base64url').slice(0, 8), bytes }
}

let keys: { current: Key; all: Map<string, Key> } | undefined

const keyring = (): { current: Key; all: Map<string, Key> } => {
  if (!keys) {
    const current = settings.dataEncryption.key ? keyFrom(settings.dataEncryption.key) : derivedKey()
    const previous = settings.dataEncryption.previousKeys.map(keyFrom)
    keys = { current, all: new Map([current, ...previous].map((k) => [k.id, k])) }
  }
  return keys
}

export const isSealed = (value: unknown): boolean => typeof value === 'string' && value.startsWith(PREFIX)

/** Seals `plain`; the school's id is bound in, so a sealed value copied to another school does not open. */
export const seal = (plain: string, context: string): string => {
  const { current } = keyring()
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', current.bytes, iv)
  cipher.setAAD(Buffer.from(context))
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return `${PREFIX}${current.id}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${body.toString('base64url')}`
}

/** Opens a value sealed for `context`; throws when the key is unknown or the value was altered. */
export const unseal = (sealed: string, context: string): string => {
  const [keyId, iv, tag, body] = sealed.slice(PREFIX.length).split(':')
  const key = keyring().all.get(keyId ?? '')
  if (!isSealed(sealed) || !key || !iv || !tag || body === undefined) {
    throw new Error('A stored secret cannot be opened: it was sealed with a key this server does not have.')
  }
  const decipher = crypto.createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'))
  decipher.setAAD(Buffer.from(context))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
}
