import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { decideEnrollment } from '@/domain/enrollment/decide'
import type { DecisionName } from '@/domain/enrollment/status'
import { optionalJsonBody, readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { ENROLLMENTS } from '@/shared/slugs'

/** `POST /api/enrollments/:id/<decision>`: parse, find what the requester may read, let the domain decide. */
const decision = (name: DecisionName): Endpoint => ({
  path: `/:id/${name}`,
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, name)
    const id = routeId(req, 'id', 'enrollment')
    const body = await optionalJsonBody(req)
    if (body.note !== undefined && (typeof body.note !== 'string' || body.note.length > 500)) {
      throw new APIError('"note" must be text of at most 500 characters.', 400)
    }
    // Read through access first: what the requester cannot see does not exist for them.
    const enrollment = await readableOr404(req, ENROLLMENTS, id, 'enrollment')
    const doc = await decideEnrollment({ req, personId: person.id, enrollment, decision: name, note: body.note as string | undefined })
    return Response.json({ message: `Enrollment ${doc.status}.`, doc })
  },
})

/** Staff let a pending request in (capacity permitting). */
export const approveEnrollment = decision('approve')

/** Staff turn a pending request down. */
export const rejectEnrollment = decision('reject')

/** Staff, or the student themself, cancel an enrollment. */
export const cancelEnrollment = decision('cancel')
