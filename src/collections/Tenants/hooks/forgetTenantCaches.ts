import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import { forgetTenantStatus, TENANTS_CHANGED } from '@/domain/tenancy/tenantStatus'
import { afterTransaction } from '@/services/database/transactions'
import { announceChange } from '@/services/redis/invalidation'
import { forgetResolvedTenants } from '@/tenancy/resolveTenant'

/**
 * A renamed, re-domained or suspended tenant takes effect on the next request: in this process
 * at once, and in every process (this one again) once the change is committed, told over Redis.
 */
const forget = (req: PayloadRequest) => {
  forgetResolvedTenants()
  forgetTenantStatus()
  void afterTransaction(req, () => announceChange(TENANTS_CHANGED)).catch((error: unknown) =>
    req.payload.logger.error({ err: error, msg: 'tenants: could not tell the other processes of a change' }),
  )
}

export const forgetTenantCachesAfterChange: CollectionAfterChangeHook = ({ doc, req }) => {
  forget(req)
  return doc
}

export const forgetTenantCachesAfterDelete: CollectionAfterDeleteHook = ({ doc, req }) => {
  forget(req)
  return doc
}
