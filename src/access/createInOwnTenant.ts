import type { Access } from 'payload'

import type { TenantRole } from './roles'

import { isSuperAdmin } from './isSuperAdmin'
import { tenantsWhereUserIs } from './memberships'
import { relationId } from '@/fields/relationId'

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
    const tenantId = relationId((data as { tenant?: unknown } | undefined)?.tenant)
    return tenantId === undefined ? allowed.length > 0 : allowed.includes(tenantId)
  }
