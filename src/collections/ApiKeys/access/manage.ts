import type { Access } from 'payload'

import { isSuperAdmin } from '@/access/isSuperAdmin'
import { tenantsWhereUserIs } from '@/access/memberships'

/** Tenant-admins manage their tenants' keys; integrations themselves manage none. */
export const manageApiKeys: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  if ((req.user as { kind?: string } | null)?.kind === 'integration') {
    return false
  }
  const adminOf = await tenantsWhereUserIs(req, ['tenant-admin'])
  return adminOf.length > 0 ? { tenant: { in: adminOf } } : false
}

export const createApiKeys: Access = async ({ req, data }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  if ((req.user as { kind?: string } | null)?.kind === 'integration') {
    return false
  }
  const adminOf = await tenantsWhereUserIs(req, ['tenant-admin'])
  const tenant = (data as { tenant?: number | { id: number } } | undefined)?.tenant
  const tenantId = typeof tenant === 'object' ? tenant?.id : tenant
  return tenantId === undefined ? adminOf.length > 0 : adminOf.includes(tenantId)
}
