import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { USERS } from '@/shared/slugs'

import { VERIFY_EMAIL } from '@/services/rateLimit/authLimit'

import { enforceAuthRateLimit } from '../hooks/limitAuthAttempts'

/**
 * `GET /api/users/verify-email?token=…`: the link in the verification email. It
 * verifies the address and sends the person on to the login page.
 */
export const verifyEmailLink: Endpoint = {
  path: '/verify-email',
  method: 'get',
  handler: async (req) => {
    await enforceAuthRateLimit(req, VERIFY_EMAIL)
    const token = req.searchParams.get('token')
    if (!token || token.length > 200) {
      throw new APIError('The verification link is incomplete.', 400)
    }
    try {
      await req.payload.verifyEmail({ collection: USERS, token })
    } catch {
      throw new APIError('This verification link is invalid or has already been used.', 400)
    }
    if (req.headers.get('accept')?.includes('application/json')) {
      return Response.json({ message: 'Email verified. You can log in now.' })
    }
    return new Response(null, { status: 303, headers: { Location: '/admin/login?verified=1' } })
  },
}
