import type { Access } from 'payload'

import type { TenantRole } from './roles'

import { isSuperAdmin } from './isSuperAdmin'
import { tenantsWhereUserIs } from './memberships'

/**
 * Create access for a tenant-owned collection: the new document's tenant must be one
 * where the requester holds one of `roles`. Without data (the admin panel asking
 * whether to show "Create"), holding the role anywhere is enough. Integrations (API
 * keys) are excluded unless `integrations` is set.
 */
export const createInOwnTenant =
  (roles: readonly TenantRole[], { integrations = true }: { integrations?: boolean } = {}): Access =>
  async ({ req, data }) => {
    if (isSuperAdmin(req.user)) {
      return true
    }
    if (!integrations && (req.user as { kind?: string } | null)?.kind === 'integration') {
      return false
    }
    const allowed = await tenantsWhereUserIs(req, roles)
    const tenant = (data as { tenant?: number | { id: number } | null } | undefined)?.tenant
    const tenantId = typeof tenant === 'object' && tenant !== null ? tenant.id : tenant
    return tenantId === undefined || tenantId === null ? allowed.length > 0 : allowed.includes(tenantId)
  }
