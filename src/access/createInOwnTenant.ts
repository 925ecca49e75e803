import type { Access, PayloadRequest } from 'payload'

import type { TenantScopedSlug } from './tenantCreators'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { tenantsWhereUserIs } from '@/domain/identity/memberships'
import { TENANT_CREATORS } from './tenantCreators'
import { relationId } from '@/shared/relationId'

const isIntegration = (req: PayloadRequest): boolean => (req.user as { kind?: string } | null)?.kind === 'integration'

/** Schools where the requester may create documents of this collection (none for the system's own). */
export const creatableTenants = async (req: PayloadRequest, slug: TenantScopedSlug): Promise<number[]> => {
  const { roles, integrations } = TENANT_CREATORS[slug]
  if (!req.user || roles.length === 0 || (!integrations && isIntegration(req))) {
    return []
  }
  return tenantsWhereUserIs(req, roles)
}

/**
 * Create access for a tenant-owned collection: the new document's school must be one where
 * the requester holds a role that creates it (TENANT_CREATORS). Without a school in the data
 * (one taken from the tenant cookie or derived later, or the admin panel asking whether to
 * show "Create"), holding such a role anywhere is enough here; the tenant field's check
 * (keepTenant) judges the school the document really gets.
 */
export const createInOwnTenant =
  (slug: TenantScopedSlug): Access =>
  async ({ req, data }) => {
    if (isSuperAdmin(req.user)) {
      return true
    }
    const allowed = await creatableTenants(req, slug)
    const tenantId = relationId((data as { tenant?: unknown } | undefined)?.tenant)
    return tenantId === undefined ? allowed.length > 0 : allowed.includes(tenantId)
  }
