import type { Access } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { tenantsWhereUserIs } from '@/domain/identity/memberships'

/** Super-admins read every entry; tenant-admins the entries concerning their tenants; nobody else any. */
export const readAuditLogs: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const adminOf = await tenantsWhereUserIs(req, ['tenant-admin'])
  return adminOf.length > 0 ? { tenants: { in: adminOf } } : false
}
