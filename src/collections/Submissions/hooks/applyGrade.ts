import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, FieldHook } from 'payload'

import type { Submission } from '@/payload-types'

import { ASSIGNMENTS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'
import { refreshCompletion } from '@/domain/enrollment/completion'
import { scoreSubmission } from '@/domain/coursework/scoreSubmission'

declare module 'payload' {
  interface RequestContext {
    /** Set when this write changed a grade: completion is refreshed after it. */
    gradeChanged?: boolean
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/** Did this change touch the grade: points, rubric scores, feedback, or a first release? */
const gradeChanged = (data: Partial<Submission> & { release?: boolean }, original: Submission): boolean =>
  (data.points !== undefined && data.points !== original.points) ||
  (data.rubricScores !== undefined && !same(data.rubricScores, original.rubricScores)) ||
  (data.feedback !== undefined && (data.feedback ?? '') !== (original.feedback ?? '')) ||
  (data.release === true && !original.releasedAt)

/**
 * Grading, from the admin panel or `POST /api/submissions/:id/grade` alike: scores the
 * points or rubric against the assignment, applies the late penalty, stamps who and when,
 * and releases to the student when asked. A save that leaves the grade as it was changes nothing.
 */
export const applyGrade: CollectionBeforeChangeHook<Submission> = async ({ data, originalDoc, operation, req }) => {
  if (operation !== 'update' || !originalDoc) {
    return data
  }
  const input = data as Partial<Submission> & { release?: boolean }
  if (!gradeChanged(input, originalDoc)) {
    return data
  }
  const assignment = await req.payload.findByID({ collection: ASSIGNMENTS, id: relationId(originalDoc.assignment)!, depth: 0, overrideAccess: true, req })
  const pointsChanged = input.points !== undefined && input.points !== originalDoc.points
  const score = scoreSubmission(assignment, originalDoc, {
    // With a rubric the points follow from the scores; points sent unchanged (a whole form) are not a claim.
    points: (assignment.rubric ?? []).length > 0 ? (pointsChanged ? input.points : undefined) : (input.points ?? originalDoc.points ?? undefined),
    rubricScores: input.rubricScores === undefined ? originalDoc.rubricScores : input.rubricScores,
  })
  const release = input.release === true || Boolean(originalDoc.releasedAt)
  const now = new Date().toISOString()
  req.context.gradeChanged = true
  return {
    ...data,
    ...score,
    gradedBy: req.user?.collection === 'users' ? req.user.id : (originalDoc.gradedBy ?? null),
    gradedAt: now,
    status: release ? 'returned' : 'graded',
    releasedAt: originalDoc.releasedAt ?? (release ? now : null),
  }
}

/** A new grade may complete the student's course (required assignments passed). */
export const completeAfterGrade: CollectionAfterChangeHook<Submission> = async ({ doc, req }) => {
  if (req.context.gradeChanged) {
    req.context.gradeChanged = false
    await refreshCompletion(req, relationId(doc.course)!, relationId(doc.student)!)
  }
  return doc
}

/** The "release to the student" box shows whether the grade is released. */
export const showReleased: FieldHook<Submission> = ({ siblingData }) => Boolean(siblingData?.releasedAt)
