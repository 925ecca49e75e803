import type { Endpoint, PayloadRequest } from 'payload'

import type { Enrollment } from '@/payload-types'

import { APIError } from 'payload'

import { isCourseStaff } from '@/access/staff'
import { ENROLLMENTS } from '@/collections/slugs'
import { relationId } from '@/fields/relationId'
import { optionalJsonBody, requirePerson, routeId } from '@/http/requestHelpers'

type Decision = {
  path: string
  from: Enrollment['status'][]
  to: Enrollment['status']
  /** Whether the enrolled person may take this step on their own enrollment. */
  owner: boolean
  verb: string
}

const mayManage = (req: PayloadRequest, enrollment: Enrollment): Promise<boolean> =>
  isCourseStaff(req, { tenant: enrollment.tenant, course: relationId(enrollment.course) })

const decision = ({ path, from, to, owner, verb }: Decision): Endpoint => ({
  path: `/:id/${path}`,
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, verb)
    const id = routeId(req, 'id', 'enrollment')
    const body = await optionalJsonBody(req)
    if (body.note !== undefined && (typeof body.note !== 'string' || body.note.length > 500)) {
      throw new APIError('"note" must be text of at most 500 characters.', 400)
    }
    // Reading through access first: what the requester cannot see does not exist for them.
    const enrollment = await req.payload.findByID({ collection: ENROLLMENTS, id, depth: 0, overrideAccess: false, user: req.user, req, disableErrors: true })
    if (!enrollment) {
      throw new APIError('No such enrollment.', 404)
    }
    const isOwner = relationId(enrollment.user) === person.id
    if (!(owner && isOwner) && !(await mayManage(req, enrollment))) {
      throw new APIError(`Only the course's instructors and the school's admins can ${verb} this enrollment.`, 403)
    }
    if (!from.includes(enrollment.status)) {
      throw new APIError(`This enrollment is ${enrollment.status}; only ${from.join(' or ')} enrollments can be ${path === 'cancel' ? 'cancelled' : `${path}d`}.`, 409)
    }
    const doc = await req.payload.update({
      collection: ENROLLMENTS,
      id,
      data: { status: to, decidedBy: person.id, ...(typeof body.note === 'string' ? { note: body.note } : {}) },
      depth: 0,
      overrideAccess: true,
      req,
    })
    return Response.json({ message: `Enrollment ${doc.status}.`, doc })
  },
})

/** `POST /api/enrollments/:id/approve`: staff let a pending request in (capacity permitting). */
export const approveEnrollment = decision({ path: 'approve', from: ['pending'], to: 'active', owner: false, verb: 'approve' })

/** `POST /api/enrollments/:id/reject`: staff turn a pending request down. */
export const rejectEnrollment = decision({ path: 'reject', from: ['pending'], to: 'cancelled', owner: false, verb: 'reject' })

/** `POST /api/enrollments/:id/cancel`: staff, or the student themself, cancel an enrollment. */
export const cancelEnrollment = decision({ path: 'cancel', from: ['pending', 'active'], to: 'cancelled', owner: true, verb: 'cancel' })
