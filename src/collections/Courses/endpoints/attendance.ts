import type { Endpoint } from 'payload'

import { courseAttendance } from '@/domain/live/engagement'
import { courseForStaff, routeId } from '@/http/requestHelpers'

/** `GET /api/courses/:id/attendance`: each student's attendance across the course's live classes, beside their progress; for its staff. */
export const attendance: Endpoint = {
  path: '/:id/attendance',
  method: 'get',
  handler: async (req) => {
    const course = await courseForStaff(req, routeId(req, 'id', 'course'), "the course's attendance")
    return Response.json({ course: course.id, students: await courseAttendance(req, course.id) }, { headers: { 'Cache-Control': 'no-store' } })
  },
}
