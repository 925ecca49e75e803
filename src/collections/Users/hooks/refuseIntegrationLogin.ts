import type { CollectionBeforeLoginHook } from 'payload'

import type { User } from '@/payload-types'

import { APIError } from 'payload'

/** An API key's identity acts only through its key, never through a login. */
export const refuseIntegrationLogin: CollectionBeforeLoginHook<User> = ({ user }) => {
  if (user.kind === 'integration') {
    throw new APIError('This account belongs to an API key and cannot log in.', 403)
  }
  return user
}
