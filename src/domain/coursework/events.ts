import type { PayloadRequest } from 'payload'

import type { Submission } from '@/payload-types'

import { recordEvent } from '@/domain/events/recordEvent'
import { relationId } from '@/shared/relationId'
import { SUBMISSIONS } from '@/shared/slugs'

/** Handing in, each grading, and the first release of a grade are events, in that order. */
export const recordSubmissionEvents = async ({ req, doc, previous }: { req: PayloadRequest; doc: Submission; previous: Submission | undefined }): Promise<void> => {
  const base = {
    submission: doc.id,
    assignment: relationId(doc.assignment)!,
    course: relationId(doc.course)!,
    student: relationId(doc.student)!,
    attempt: doc.attempt,
  }
  const common = { tenant: relationId(doc.tenant) ?? null, subject: { collection: SUBMISSIONS, id: doc.id } }
  if (!previous) {
    await recordEvent(req, { ...common, type: 'submission.handed-in', payload: { ...base, submittedAt: doc.submittedAt, late: doc.late === true } })
  }
  if (doc.gradedAt && doc.gradedAt !== previous?.gradedAt && doc.finalPoints !== null && doc.finalPoints !== undefined) {
    const assignment = typeof doc.assignment === 'object' ? doc.assignment : undefined
    await recordEvent(req, {
      ...common,
      type: 'submission.graded',
      payload: {
        ...base,
        points: doc.points ?? doc.finalPoints,
        finalPoints: doc.finalPoints,
        maxPoints: assignment?.maxPoints ?? null,
        gradedBy: relationId(doc.gradedBy) ?? null,
        gradedAt: doc.gradedAt,
      },
    })
  }
  if (doc.releasedAt && !previous?.releasedAt && doc.finalPoints !== null && doc.finalPoints !== undefined) {
    await recordEvent(req, { ...common, type: 'submission.grade-released', payload: { ...base, finalPoints: doc.finalPoints, releasedAt: doc.releasedAt } })
  }
}
