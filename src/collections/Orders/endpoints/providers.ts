import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { providersOf } from '@/domain/payments/checkout'
import { readableCourseTerms } from '@/http/requestHelpers'
import { stripeConfigured } from '@/services/stripe/client'
import { relationId } from '@/shared/relationId'

/**
 * `GET /api/orders/providers?course=<id>`: how a course's school takes payments, so a front end
 * offers only the buttons checkout will accept. Public like the course itself: it names the
 * providers, never their settings.
 */
export const listProviders: Endpoint = {
  path: '/providers',
  method: 'get',
  handler: async (req) => {
    const raw = req.query.course
    const id = typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN
    if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) {
      throw new APIError('"course" must be the id of a course.', 400)
    }
    const course = await readableCourseTerms(req, id)
    const providers = await providersOf(req, relationId(course.tenant)!, stripeConfigured())
    return Response.json({ providers })
  },
}
