import type { Payload } from 'payload'

const TTL_MS = 5_000

let cache: { at: number; ids: Set<number> } | undefined

/**
 * IDs of suspended tenants. Read on most requests, so kept for a few seconds;
 * a change to a tenant's status in this process clears it at once.
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
