import type { Endpoint } from 'payload'

import type { Submission } from '@/payload-types'

import { APIError, ValidationError } from 'payload'

import { isCourseStaff } from '@/domain/identity/staff'
import { SUBMISSIONS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'
import { optionalJsonBody, readableOr404, requirePerson, routeId } from '@/http/requestHelpers'

const FIELDS = new Set(['points', 'rubricScores', 'feedback', 'release'])

/**
 * `POST /api/submissions/:id/grade` with `{points | rubricScores, feedback?, release?}`:
 * the course's instructors and the school's admins grade (and regrade) a submission.
 * `release: true` shows the grade to the student. Every change lands in the audit trail.
 */
export const gradeSubmission: Endpoint = {
  path: '/:id/grade',
  method: 'post',
  handler: async (req) => {
    requirePerson(req, 'grade')
    const id = routeId(req, 'id', 'submission')
    const body = await optionalJsonBody(req)
    const unknown = Object.keys(body).filter((key) => !FIELDS.has(key))
    if (unknown.length > 0) {
      throw new ValidationError({ collection: SUBMISSIONS, errors: [{ path: unknown.join(','), message: `Unknown field "${unknown.join('", "')}".` }] })
    }
    if (body.feedback !== undefined && (typeof body.feedback !== 'string' || body.feedback.length > 20_000)) {
      throw new ValidationError({ collection: SUBMISSIONS, errors: [{ path: 'feedback', message: 'Feedback is text of at most 20,000 characters.' }] })
    }
    if (body.release !== undefined && typeof body.release !== 'boolean') {
      throw new ValidationError({ collection: SUBMISSIONS, errors: [{ path: 'release', message: 'Use true or false.' }] })
    }
    const submission = await readableOr404(req, SUBMISSIONS, id, 'submission')
    if (!(await isCourseStaff(req, { tenant: submission.tenant, course: relationId(submission.course) }))) {
      throw new APIError('Only the course\'s instructors and the school\'s admins grade work.', 403)
    }
    // The grading itself is the collection's update hook, shared with the admin panel.
    const doc = await req.payload.update({
      collection: SUBMISSIONS,
      id,
      data: {
        ...(body.points === undefined ? {} : { points: body.points as number }),
        ...(body.rubricScores === undefined ? {} : { rubricScores: body.rubricScores as Submission['rubricScores'] }),
        ...(typeof body.feedback === 'string' ? { feedback: body.feedback } : {}),
        release: body.release === true,
      } as Partial<Submission>,
      depth: 0,
      overrideAccess: false,
      user: req.user,
      req,
    })
    return Response.json({ message: body.release ? 'Graded and released.' : 'Graded.', doc })
  },
}
