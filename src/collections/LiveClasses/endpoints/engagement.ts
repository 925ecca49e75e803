import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { isCourseStaff } from '@/domain/identity/staff'
import { classEngagement } from '@/domain/live/engagement'
import { readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { relationId } from '@/shared/relationId'
import { LIVE_CLASSES } from '@/shared/slugs'

/** `GET /api/live-classes/:id/engagement`: who came to a class, how late, how long; for the course's staff. */
export const engagement: Endpoint = {
  path: '/:id/engagement',
  method: 'get',
  handler: async (req) => {
    requirePerson(req, "see a class's engagement")
    const klass = await readableOr404(req, LIVE_CLASSES, routeId(req, 'id', 'live class'), 'live class')
    if (!(await isCourseStaff(req, { tenant: klass.tenant, course: relationId(klass.course) }))) {
      throw new APIError("Only the course's instructors and the school's admins see a class's engagement.", 403)
    }
    return Response.json(await classEngagement(req, klass), { headers: { 'Cache-Control': 'no-store' } })
  },
}
