import type { CollectionBeforeChangeHook } from 'payload'

import type { User } from '@/payload-types'

import { USERS } from '@/shared/slugs'

/**
 * A fresh install has nobody to grant super-admin: the first account (Payload's
 * create-first-user screen) becomes the platform operator.
 */
export const makeFirstUserSuperAdmin: CollectionBeforeChangeHook<User> = async ({ data, operation, req }) => {
  if (operation !== 'create') {
    return data
  }
  const { totalDocs } = await req.payload.count({ collection: USERS, overrideAccess: true, req })
  return totalDocs === 0 ? { ...data, platformRole: 'super-admin' } : data
}
