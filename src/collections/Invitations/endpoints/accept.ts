import type { Endpoint } from 'payload'

import { enforceAuthRateLimit } from '@/collections/Users/hooks/limitAuthAttempts'
import { optionalJsonBody } from '@/http/requestHelpers'
import { inTransaction } from '@/services/database/transactions'
import { acceptInvitation, previewInvitation } from '@/domain/identity/acceptInvitation'

const NO_STORE = { 'Cache-Control': 'no-store' }

/**
 * `GET /api/invitations/preview?token=…`: the school (and course) an invitation is for, and what
 * the invited person must give to accept it: `account` (a name and a password), `password` (an
 * unconfirmed account at this address is claimed with a new password) or `nothing`.
 */
export const previewInvitationEndpoint: Endpoint = {
  path: '/preview',
  method: 'get',
  handler: async (req) => {
    await enforceAuthRateLimit(req, 'invitation')
    return Response.json(await previewInvitation(req, req.searchParams.get('token')), { headers: NO_STORE })
  },
}

/**
 * `POST /api/invitations/accept` `{ token, name?, password? }`: the invited person joins the
 * school as a student and is enrolled in the invited course; they log in afterwards.
 */
export const acceptInvitationEndpoint: Endpoint = {
  path: '/accept',
  method: 'post',
  handler: async (req) => {
    await enforceAuthRateLimit(req, 'invitation')
    const body = await optionalJsonBody(req)
    const accepted = await inTransaction(req, () => acceptInvitation(req, body))
    const where = accepted.course ? `${accepted.school}, ${accepted.course}` : accepted.school
    return Response.json({ message: `Welcome to ${where}. Log in as ${accepted.email}.`, ...accepted }, { headers: NO_STORE })
  },
}
