import type { PayloadRequest } from 'payload'

import { getTenantFromCookie } from '@payloadcms/plugin-multi-tenant/utilities'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { listMemberships } from '@/domain/identity/memberships'

/**
 * The school picked in the admin panel's tenant selector (the multi-tenant plugin's
 * cookie), when the requester belongs to it; otherwise none. The cookie only narrows
 * what a page shows: access is decided elsewhere.
 */
export const selectedTenant = (req: PayloadRequest): number | undefined => {
  const id = getTenantFromCookie(req.headers, 'number')
  if (typeof id !== 'number') {
    return undefined
  }
  return isSuperAdmin(req.user) || listMemberships(req.user).some((m) => m.tenantId === id) ? id : undefined
}
