import type { CollectionBeforeLoginHook } from 'payload'

import type { User } from '@/payload-types'

import { APIError } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { listMemberships, usableMemberships } from '@/domain/identity/memberships'
import { SUSPENDED_MESSAGE } from '@/hooks/refuseSuspendedMembers'
import { suspendedTenantIds } from '@/domain/tenancy/tenantStatus'

/** People whose every membership is suspended, or in a suspended school, cannot log in. */
export const refuseSuspendedLogin: CollectionBeforeLoginHook<User> = async ({ req, user }) => {
  const memberships = listMemberships(user)
  if (isSuperAdmin(user) || memberships.length === 0) {
    return user
  }
  if (usableMemberships(memberships, await suspendedTenantIds(req.payload)).length === 0) {
    throw new APIError(SUSPENDED_MESSAGE, 403)
  }
  return user
}
