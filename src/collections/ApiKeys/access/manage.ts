import type { Access } from 'payload'

import { createInOwnTenant } from '@/access/createInOwnTenant'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { tenantsWhereUserIs } from '@/domain/identity/memberships'
import { API_KEYS } from '@/shared/slugs'

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

const issueInOwnTenant = createInOwnTenant(API_KEYS)

/**
 * Tenant-admins issue keys for their own tenants; a key cannot issue keys. Asked
 * without data (the admin panel deciding whether to offer its own create form, which
 * would never show the key), the answer is no: keys are issued from the list view's panel.
 */
export const createApiKeys: Access = (args) => (args.data ? issueInOwnTenant(args) : false)
