import type { CollectionBeforeOperationHook } from 'payload'

import { Forbidden } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'

/**
 * Payload would silently drop a field the requester may not write; granting
 * super-admin is refused loudly instead, so the attempt is visible.
 */
export const refusePlatformRole: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation !== 'create' && operation !== 'update') {
    return args
  }
  const data = args.data as Record<string, unknown> | undefined
  if (data && 'platformRole' in data && req.user && !isSuperAdmin(req.user)) {
    throw new Forbidden(req.t)
  }
  return args
}
