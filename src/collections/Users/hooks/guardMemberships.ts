import type { CollectionBeforeChangeHook } from 'payload'

import type { User } from '@/payload-types'

import { Forbidden, ValidationError } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { listMemberships, membershipKey, tenantsWhereUserIs } from '@/domain/identity/memberships'
import { USERS } from '@/shared/slugs'

/**
 * Memberships are the keys to a tenant. Nobody changes their own; a tenant-admin
 * changes only rows of tenants they administer; super-admins change any.
 */
export const guardMemberships: CollectionBeforeChangeHook<User> = async ({
  data,
  originalDoc,
  operation,
  req,
}) => {
  if (!data.tenants) {
    return data
  }
  const after = listMemberships(data as User)
  const seen = new Set<number>()
  for (const [i, m] of after.entries()) {
    if (seen.has(m.tenantId)) {
      throw new ValidationError({
        collection: USERS,
        errors: [{ path: `tenants.${i}.tenant`, message: 'A person can be a member of a school only once.' }],
      })
    }
    seen.add(m.tenantId)
  }
  if (!req.user || isSuperAdmin(req.user)) {
    return data
  }
  const before = new Map(listMemberships(originalDoc).map((m) => [m.tenantId, membershipKey(m)]))
  const afterMap = new Map(after.map((m) => [m.tenantId, membershipKey(m)]))
  const changed = [...new Set([...before.keys(), ...afterMap.keys()])].filter(
    (id) => before.get(id) !== afterMap.get(id),
  )
  if (changed.length === 0) {
    return data
  }
  if (operation === 'update' && originalDoc?.id === req.user.id) {
    throw new Forbidden(req.t)
  }
  const adminOf = new Set(await tenantsWhereUserIs(req, ['tenant-admin']))
  if (changed.some((id) => !adminOf.has(id))) {
    throw new Forbidden(req.t)
  }
  return data
}
