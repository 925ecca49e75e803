import type { Endpoint } from 'payload'

import { APIError, ValidationError } from 'payload'

import { ASSIGNMENTS, ENROLLMENTS, SUBMISSIONS } from '@/collections/slugs'
import { relationId } from '@/fields/relationId'
import { inTransaction, LOCKS, lockFor } from '@/services/database/transactions'
import { optionalJsonBody, requirePerson, routeId } from '@/services/enrollment/requestHelpers'

const DAY_MS = 86_400_000
const MAX_TEXT = 50_000

const day = (iso: string): string => iso.slice(0, 10)

/**
 * `POST /api/assignments/:id/submit` with `{"text": "…"}`: an actively enrolled student
 * hands in an attempt while the assignment is open. Late work is flagged (and counted in
 * days) or refused after the cut-off; past the allowed attempts, 409.
 */
export const submit: Endpoint = {
  path: '/:id/submit',
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, 'hand in work')
    const id = routeId(req, 'id', 'assignment')
    const body = await optionalJsonBody(req)
    const unknown = Object.keys(body).filter((key) => key !== 'text')
    if (unknown.length > 0 || typeof body.text !== 'string' || body.text.trim() === '' || body.text.length > MAX_TEXT) {
      throw new ValidationError({
        collection: SUBMISSIONS,
        errors: [
          unknown.length > 0
            ? { path: unknown.join(','), message: `Unknown field "${unknown.join('", "')}".` }
            : { path: 'text', message: `Write your answer (at most ${MAX_TEXT.toLocaleString('en')} characters).` },
        ],
      })
    }
    // What the student cannot read (unpublished, another course, another school) does not exist for them.
    const assignment = await req.payload.findByID({ collection: ASSIGNMENTS, id, depth: 0, overrideAccess: false, user: req.user, req, disableErrors: true })
    if (!assignment) {
      throw new APIError('No such assignment.', 404)
    }
    if (assignment.submissionType === 'file') {
      throw new APIError('This assignment takes files, not text.', 400)
    }
    const courseId = relationId(assignment.course)!
    const enrolled = await req.payload.count({
      collection: ENROLLMENTS,
      where: { and: [{ user: { equals: person.id } }, { course: { equals: courseId } }, { status: { equals: 'active' } }] },
      overrideAccess: true,
      req,
    })
    if (enrolled.totalDocs === 0) {
      throw new APIError('Only students actively enrolled in the course can hand in work.', 403)
    }
    const now = new Date()
    if (assignment.opensAt && new Date(assignment.opensAt) > now) {
      throw new APIError(`This assignment opens on ${day(assignment.opensAt)}.`, 403)
    }
    if (assignment.cutoffAt && new Date(assignment.cutoffAt) <= now) {
      throw new APIError(`Submissions closed on ${day(assignment.cutoffAt)}.`, 403)
    }
    const lateMs = now.getTime() - new Date(assignment.dueAt).getTime()
    const doc = await inTransaction(req, async () => {
      // Attempts are counted and numbered under a lock: two clicks make two numbered attempts at most.
      await lockFor(req, LOCKS.submissionAttempts, id)
      const previous = await req.payload.count({
        collection: SUBMISSIONS,
        where: { and: [{ assignment: { equals: id } }, { student: { equals: person.id } }] },
        overrideAccess: true,
        req,
      })
      if (previous.totalDocs >= assignment.maxAttempts) {
        throw new APIError(`You have used all ${assignment.maxAttempts} attempt(s) of this assignment.`, 409)
      }
      const attempt = previous.totalDocs + 1
      return req.payload.create({
        collection: SUBMISSIONS,
        data: {
          title: `${person.email ?? person.id} — ${assignment.title} — attempt ${attempt}`.slice(0, 300),
          assignment: id,
          course: courseId,
          student: person.id,
          tenant: relationId(assignment.tenant),
          attempt,
          text: body.text as string,
          submittedAt: now.toISOString(),
          late: lateMs > 0,
          lateDays: lateMs > 0 ? Math.ceil(lateMs / DAY_MS) : 0,
          status: 'submitted',
        },
        depth: 0,
        overrideAccess: true,
        req,
      })
    })
    return Response.json({ message: doc.late ? 'Handed in late.' : 'Handed in.', doc }, { status: 201 })
  },
}
