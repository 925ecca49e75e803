import type { CollectionBeforeChangeHook, CollectionSlug } from 'payload'

import { conflict } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'

/** A school has one document of this collection (its settings): a second is refused with `message`, before the unique index would. */
export const onePerSchool =
  (collection: CollectionSlug, message: string): CollectionBeforeChangeHook =>
  async ({ data, operation, req }) => {
    const tenant = relationId(data.tenant)
    if (operation === 'create' && tenant !== undefined) {
      const existing = await req.payload.count({ collection, where: { tenant: { equals: tenant } }, overrideAccess: true, req })
      if (existing.totalDocs > 0) {
        throw conflict(message)
      }
    }
    return data
  }
