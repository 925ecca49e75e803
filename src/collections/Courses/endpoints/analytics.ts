import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { isCourseStaff } from '@/access/staff'
import { courseAnalytics } from '@/services/analytics/courseAnalytics'
import { readableCourse, requirePerson, routeId } from '@/http/requestHelpers'

/**
 * `GET /api/courses/:id/analytics?atRiskDays=14`: the course's standing, for its
 * instructors and the school's admins.
 */
export const analytics: Endpoint = {
  path: '/:id/analytics',
  method: 'get',
  handler: async (req) => {
    requirePerson(req, 'see course analytics')
    const course = await readableCourse(req, routeId(req, 'id', 'course'))
    if (!(await isCourseStaff(req, { tenant: course.tenant, course: course.id }))) {
      throw new APIError('Only the course\'s instructors and the school\'s admins see its analytics.', 403)
    }
    const raw = req.searchParams?.get('atRiskDays') ?? '14'
    const days = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN
    if (!(days >= 1 && days <= 365)) {
      throw new APIError('"atRiskDays" is a whole number of days from 1 to 365.', 400)
    }
    return Response.json(await courseAnalytics(req, course, days), { headers: { 'Cache-Control': 'no-store' } })
  },
}
