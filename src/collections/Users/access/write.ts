import type { Access, FieldAccess, Where } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { activeMemberships, tenantsWhereUserIs } from '@/domain/identity/memberships'

/** People of the given tenants, super-admins excepted: only the platform manages those. */
const managedBy = (tenantIds: number[]): Where => ({
  and: [{ 'tenants.tenant': { in: tenantIds } }, { platformRole: { exists: false } }],
})

/** Tenant-admins add people; which tenants and roles they may grant is checked on the data. */
export const createUsers: Access = async ({ req }) =>
  isSuperAdmin(req.user) || (await tenantsWhereUserIs(req, ['tenant-admin'])).length > 0

/**
 * Everyone updates themselves. Tenant-admins update people of their tenants, except
 * super-admins, whom only the platform manages.
 */
export const updateUsers: Access = async ({ req }) => {
  if (!req.user) {
    return false
  }
  if (isSuperAdmin(req.user)) {
    return true
  }
  const self = { id: { equals: req.user.id } }
  const adminOf = await tenantsWhereUserIs(req, ['tenant-admin'])
  if (adminOf.length === 0) {
    return self
  }
  return { or: [self, managedBy(adminOf)] }
}

/** Deleting people is for their tenant's admins; whether all their tenants are is checked per document. */
export const deleteUsers: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const adminOf = await tenantsWhereUserIs(req, ['tenant-admin'])
  if (adminOf.length === 0) {
    return false
  }
  return managedBy(adminOf)
}

/** Only super-admins may see or use the `platformRole` field for writing. */
export const superAdminField: FieldAccess = ({ req }) => isSuperAdmin(req.user)

/** The admin panel is for staff: super-admins, tenant-admins and instructors of active tenants. */
export const usesAdminPanel = async ({ req }: Parameters<Access>[0]): Promise<boolean> =>
  isSuperAdmin(req.user) ||
  (await activeMemberships(req)).some((m) => m.roles.includes('tenant-admin') || m.roles.includes('instructor'))

/** Unlocking is for admins; whom they may unlock is judged per person (guardUnlock). */
export const unlockUsers: Access = async ({ req }) => isSuperAdmin(req.user) || (await tenantsWhereUserIs(req, ['tenant-admin'])).length > 0
