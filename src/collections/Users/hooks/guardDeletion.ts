import type { CollectionBeforeDeleteHook } from 'payload'

import { APIError } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { listMemberships, tenantsWhereUserIs } from '@/domain/identity/memberships'
import { USERS } from '@/shared/slugs'

/**
 * A person who also belongs to another school is not a tenant-admin's to delete:
 * they remove the membership instead.
 */
export const guardDeletion: CollectionBeforeDeleteHook = async ({ id, req }) => {
  if (!req.user || isSuperAdmin(req.user)) {
    return
  }
  const target = await req.payload.findByID({ collection: USERS, id, depth: 0, overrideAccess: true, req })
  const adminOf = new Set(await tenantsWhereUserIs(req, ['tenant-admin']))
  if (listMemberships(target).some((m) => !adminOf.has(m.tenantId))) {
    throw new APIError(
      'This person also belongs to another school. Remove their membership of your school instead.',
      403,
    )
  }
}
