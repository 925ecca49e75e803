import type { Access, Where } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { activeMemberships, tenantsWhereUserIs } from '@/domain/identity/memberships'

import { requestTenant } from '@/tenancy/resolveTenant'

/**
 * Catalog structure (categories, tags) is public within a school: anyone reads the
 * entries of the school the request is for; members also read their own schools'.
 * Nothing of another school, or of none, is public.
 */
export const readCatalogEntries: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const resolution = await requestTenant(req)
  const visible = new Set((await activeMemberships(req)).map((m) => m.tenantId))
  if (resolution.kind === 'tenant') {
    visible.add(resolution.tenant.id)
  }
  return visible.size > 0 ? ({ tenant: { in: [...visible] } } satisfies Where) : false
}

/** Entries are managed by the staff roles given, inside their own schools. */
export const manageCatalogEntries =
  (roles: Parameters<typeof tenantsWhereUserIs>[1]): Access =>
  async ({ req }) => {
    if (isSuperAdmin(req.user)) {
      return true
    }
    const staffOf = await tenantsWhereUserIs(req, roles)
    return staffOf.length > 0 ? { tenant: { in: staffOf } } : false
  }
