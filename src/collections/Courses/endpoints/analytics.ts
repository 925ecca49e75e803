import type { Endpoint } from 'payload'

import { routeId } from '@/http/requestHelpers'
import { parseAtRiskDays } from '@/domain/analytics/atRiskDays'
import { courseAnalyticsFor } from '@/http/courseAnalyticsFor'

/**
 * `GET /api/courses/:id/analytics?atRiskDays=14`: the course's standing, for its
 * instructors and the school's admins (the admin panel's analytics view shows the same).
 */
export const analytics: Endpoint = {
  path: '/:id/analytics',
  method: 'get',
  handler: async (req) => {
    const courseId = routeId(req, 'id', 'course')
    const atRiskDays = parseAtRiskDays(req.searchParams?.get('atRiskDays'))
    return Response.json(await courseAnalyticsFor({ req, courseId, atRiskDays }), { headers: { 'Cache-Control': 'no-store' } })
  },
}
