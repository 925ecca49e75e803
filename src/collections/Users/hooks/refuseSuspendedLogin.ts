import type { CollectionBeforeLoginHook } from 'payload'

import type { User } from '@/payload-types'

import { APIError } from 'payload'

import { isSuperAdmin } from '@/access/isSuperAdmin'
import { listMemberships } from '@/access/memberships'
import { SUSPENDED_MESSAGE } from '@/hooks/refuseSuspendedMembers'
import { suspendedTenantIds } from '@/tenancy/tenantStatus'

/** Members of suspended schools only (and no active one) cannot log in. */
export const refuseSuspendedLogin: CollectionBeforeLoginHook<User> = async ({ req, user }) => {
  const memberships = listMemberships(user)
  if (isSuperAdmin(user) || memberships.length === 0) {
    return user
  }
  const suspended = await suspendedTenantIds(req.payload)
  if (memberships.every((m) => suspended.has(m.tenantId))) {
    throw new APIError(SUSPENDED_MESSAGE, 403)
  }
  return user
}
