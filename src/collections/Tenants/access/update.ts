import type { Access, FieldAccess } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { tenantsWhereUserIs } from '@/domain/identity/memberships'

/** Tenant-admins edit their own tenants' settings; super-admins edit all. */
export const updateTenants: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const ids = await tenantsWhereUserIs(req, ['tenant-admin'])
  return ids.length > 0 ? { id: { in: ids } } : false
}

/** Slug, domains and status decide who reaches a tenant: only the platform sets them. */
export const platformControlled: FieldAccess = ({ req }) => isSuperAdmin(req.user)
