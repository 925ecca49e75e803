import type { Access } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { activeMemberships } from '@/domain/identity/memberships'

/** Super-admins read every tenant; members read the active tenants they belong to. */
export const readTenants: Access = async ({ req }) => {
  if (!req.user) {
    return false
  }
  if (isSuperAdmin(req.user)) {
    return true
  }
  const ids = (await activeMemberships(req)).map((m) => m.tenantId)
  return ids.length > 0 ? { id: { in: ids } } : false
}
