import type { CollectionBeforeOperationHook } from 'payload'

import { Forbidden } from 'payload'

import { mayChangeCredentialsOf } from '@/domain/identity/credentials'
import { USERS } from '@/shared/slugs'

/**
 * Unlocking an account is a credential change: allowed for the admins of every school the
 * person belongs to (and super-admins), like a new password. A refusal looks like Payload's
 * answer for an unknown address, so it tells nobody who exists.
 */
export const guardUnlock: CollectionBeforeOperationHook = async ({ args, operation, overrideAccess, req }) => {
  if (operation !== 'unlock' || overrideAccess) {
    return args
  }
  const email = (args.data as { email?: unknown } | undefined)?.email
  const target =
    typeof email === 'string'
      ? (await req.payload.find({ collection: USERS, where: { email: { equals: email.trim().toLowerCase() } }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]
      : undefined
  if (target && !(await mayChangeCredentialsOf(req, target))) {
    throw new Forbidden(req.t)
  }
  return args
}
