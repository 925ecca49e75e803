import type { Payload } from 'payload'

import { onChange } from '@/services/redis/invalidation'
import { settings } from '@/settings'

/** The topic every process's tenant caches listen on. */
export const TENANTS_CHANGED = 'tenants'

const TTL_MS = settings.tenantCacheSeconds * 1000

let cache: { at: number; ids: Set<number> } | undefined

/**
 * IDs of suspended tenants. Read on most requests, so kept for a few seconds; a change to a
 * tenant clears it at once in every process (see forgetTenantCaches).
 */
export const suspendedTenantIds = async (payload: Payload): Promise<Set<number>> => {
  if (cache && Date.now() - cache.at < TTL_MS) {
    return cache.ids
  }
  const found = await payload.find({
    collection: 'tenants',
    where: { status: { equals: 'suspended' } },
    pagination: false,
    depth: 0,
    select: { status: true },
    overrideAccess: true,
  })
  cache = { at: Date.now(), ids: new Set(found.docs.map((doc) => doc.id)) }
  return cache.ids
}

export const forgetTenantStatus = (): void => {
  cache = undefined
}
onChange(TENANTS_CHANGED, forgetTenantStatus)
