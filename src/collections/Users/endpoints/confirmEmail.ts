import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { confirmEmailChange } from '@/domain/identity/emailChange'
import { inTransaction } from '@/services/database/transactions'

import { enforceAuthRateLimit } from '../hooks/limitAuthAttempts'

/**
 * `GET /api/users/confirm-email?token=…`: the link sent to a new email address. It moves the
 * account to that address, ends its sessions, and sends the person on to the login page.
 */
export const confirmEmail: Endpoint = {
  path: '/confirm-email',
  method: 'get',
  handler: async (req) => {
    await enforceAuthRateLimit(req, 'confirm-email')
    const outcome = await inTransaction(req, () => confirmEmailChange(req, req.searchParams.get('token')))
    if (outcome === 'taken') {
      throw new APIError('This address already belongs to another account; the change was dropped.', 409)
    }
    if (req.headers.get('accept')?.includes('application/json')) {
      return Response.json({ message: 'Email address changed. Log in with the new address.' })
    }
    return new Response(null, { status: 303, headers: { Location: '/admin/login?email-changed=1' } })
  },
}
