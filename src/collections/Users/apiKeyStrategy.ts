import type { AuthStrategy } from 'payload'

import { API_KEYS, USERS } from '@/shared/slugs'
import { hashKey, keyFromHeaders } from '@/domain/identity/keyMaterial'
import { relationId } from '@/shared/relationId'

/** lastUsedAt is written at most this often per key, so busy integrations do not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000

/**
 * Authenticates `Authorization: Bearer aqk_…` (or `X-API-Key`) as the key's
 * integration identity. Runs before Payload's JWT strategy; any other header passes.
 */
export const apiKeyStrategy: AuthStrategy = {
  name: 'api-key',
  authenticate: async ({ headers, payload }) => {
    const key = keyFromHeaders(headers)
    if (!key) {
      return { user: null }
    }
    const found = await payload.find({
      collection: API_KEYS,
      where: { and: [{ keyHash: { equals: hashKey(key) } }, { status: { equals: 'active' } }] },
      limit: 1,
      pagination: false,
      depth: 0,
      overrideAccess: true,
    })
    const apiKey = found.docs[0]
    const identityId = relationId(apiKey?.identity)
    if (!apiKey || !identityId) {
      return { user: null }
    }
    const identity = await payload.findByID({ collection: USERS, id: identityId, depth: 0, overrideAccess: true, disableErrors: true })
    if (!identity || identity.kind !== 'integration') {
      return { user: null }
    }
    if (!apiKey.lastUsedAt || Date.now() - Date.parse(apiKey.lastUsedAt) > LAST_USED_RESOLUTION_MS) {
      await payload.db.updateOne({ collection: API_KEYS, id: apiKey.id, data: { lastUsedAt: new Date().toISOString() } })
    }
    return { user: { ...identity, collection: USERS, _strategy: 'api-key' } }
  },
}
