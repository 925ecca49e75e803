import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'

import type { ApiKey } from '@/payload-types'

import crypto from 'node:crypto'
import { APIError } from 'payload'

import { USERS } from '@/shared/slugs'
import { generateKey } from '@/domain/identity/keyMaterial'
import { relationId } from '@/shared/relationId'

declare module 'payload' {
  interface RequestContext {
    /** A new key, between its hashing and the answer that shows it once. */
    issuedKey?: string
  }
}

/**
 * On create: makes the key, keeps only its hash, and gives it its own identity, a
 * user of kind `integration` that is tenant-admin of the key's tenant and nothing else.
 */
export const issueKey: CollectionBeforeChangeHook<ApiKey> = async ({ data, operation, req }) => {
  if (operation !== 'create') {
    return data
  }
  const tenantId = relationId(data.tenant)
  if (!tenantId) {
    throw new APIError('Choose the school this key belongs to.', 400)
  }
  const { key, hash, hint } = generateKey()
  const identity = await req.payload.create({
    collection: USERS,
    data: {
      name: `API key: ${data.name}`,
      email: `key-${crypto.randomBytes(8).toString('hex')}@integrations.invalid`,
      // Never used: integrations cannot log in (refuseIntegrationLogin).
      password: crypto.randomBytes(32).toString('base64url'),
      kind: 'integration',
      _verified: true,
      tenants: [{ tenant: tenantId, roles: ['tenant-admin'] }],
    },
    disableVerificationEmail: true,
    overrideAccess: true,
    req,
  })
  req.context.issuedKey = key
  return {
    ...data,
    keyHash: hash,
    hint,
    identity: identity.id,
    createdBy: req.user?.collection === USERS ? req.user.id : null,
    status: 'active',
  }
}

/** The key itself is in the create response and nowhere else, ever. */
export const showKeyOnce: CollectionAfterChangeHook<ApiKey> = ({ doc, operation, req }) => {
  if (operation === 'create' && req.context.issuedKey !== undefined) {
    const key = req.context.issuedKey
    delete req.context.issuedKey
    return { ...doc, key }
  }
  return doc
}

/** A revoked key stays revoked; reissue instead. */
export const keepRevoked: CollectionBeforeChangeHook<ApiKey> = ({ data, originalDoc, operation }) => {
  if (operation === 'update' && originalDoc?.status === 'revoked' && data.status !== 'revoked') {
    throw new APIError('A revoked key cannot be reactivated. Issue a new key.', 400)
  }
  if (operation === 'update' && data.status === 'revoked' && originalDoc?.status !== 'revoked') {
    return { ...data, revokedAt: new Date().toISOString() }
  }
  return data
}
