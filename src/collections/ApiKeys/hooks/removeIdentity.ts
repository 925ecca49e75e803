import type { CollectionAfterDeleteHook } from 'payload'

import type { ApiKey } from '@/payload-types'

import { USERS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'

/** A deleted key takes its identity along; a revoked one keeps it, for the audit trail. */
export const removeIdentity: CollectionAfterDeleteHook<ApiKey> = async ({ doc, req }) => {
  const id = relationId(doc.identity)
  if (id) {
    await req.payload.delete({ collection: USERS, id, overrideAccess: true, req })
  }
  return doc
}
