import type { Endpoint } from 'payload'

import { selfEnroll } from '@/domain/enrollment/selfEnroll'
import { readableCourse, requirePerson, routeId } from '@/http/requestHelpers'

/**
 * `POST /api/courses/:id/enroll`: a member of the course's school enrolls themself, as the
 * course's policy allows (the enrollment domain's `selfEnroll`).
 */
export const enroll: Endpoint = {
  path: '/:id/enroll',
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, 'enroll')
    const course = await readableCourse(req, routeId(req, 'id', 'course'))
    const { enrollment, created } = await selfEnroll({ req, personId: person.id, course })
    const message = enrollment.status === 'pending' ? 'Request sent. The course staff will approve or reject it.' : 'Enrolled.'
    return Response.json({ message, doc: enrollment }, { status: created ? 201 : 200 })
  },
}
