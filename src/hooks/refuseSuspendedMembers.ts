import type { CollectionBeforeOperationHook } from 'payload'

import { APIError } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { activeMemberships, listMemberships } from '@/domain/identity/memberships'

export const SUSPENDED_MESSAGE = 'Your access is suspended. Contact your school or the platform operator.'

/**
 * A person whose every membership is suspended (or in a suspended school) may not use the API at all, even with a
 * token issued before the suspension.
 */
export const refuseSuspendedMembers: CollectionBeforeOperationHook = async ({ args, req }) => {
  const user = req.user
  if (!user || isSuperAdmin(user) || listMemberships(user).length === 0) {
    return args
  }
  if ((await activeMemberships(req)).length === 0) {
    throw new APIError(SUSPENDED_MESSAGE, 403)
  }
  return args
}
