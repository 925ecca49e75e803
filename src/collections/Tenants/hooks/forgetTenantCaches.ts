import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'

import { forgetResolvedTenants } from '@/tenancy/resolveTenant'
import { forgetTenantStatus } from '@/tenancy/tenantStatus'

/** A renamed, re-domained or suspended tenant takes effect on the next request. */
export const forgetTenantCachesAfterChange: CollectionAfterChangeHook = ({ doc }) => {
  forgetResolvedTenants()
  forgetTenantStatus()
  return doc
}

export const forgetTenantCachesAfterDelete: CollectionAfterDeleteHook = ({ doc }) => {
  forgetResolvedTenants()
  forgetTenantStatus()
  return doc
}
