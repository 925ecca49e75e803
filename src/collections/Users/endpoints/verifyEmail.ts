import type { Endpoint } from 'payload'

import { USERS } from '@/shared/slugs'
import { VERIFY_EMAIL } from '@/services/rateLimit/authLimit'

import { enforceAuthRateLimit } from '../hooks/limitAuthAttempts'

/**
 * `POST /api/users/verify/:token`, in place of Payload's own route (collection endpoints are
 * matched first): the same verification, rate-limited like login, since Payload's operation
 * has no hook to limit it by.
 */
export const verifyEmail: Endpoint = {
  path: '/verify/:token',
  method: 'post',
  handler: async (req) => {
    await enforceAuthRateLimit(req, VERIFY_EMAIL)
    await req.payload.verifyEmail({ collection: USERS, token: String(req.routeParams?.token ?? '') })
    return Response.json({ message: req.t('authentication:accountVerified') })
  },
}
