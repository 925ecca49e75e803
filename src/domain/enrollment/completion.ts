import type { PayloadRequest } from 'payload'

import type { Enrollment } from '@/payload-types'

import { ASSIGNMENTS, COURSES, ENROLLMENTS, SUBMISSIONS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'
import { inTransaction, LOCKS, lockFor } from '@/services/database/transactions'

import { enrollmentOf } from './enrollmentOf'
import { actingAs } from './rules'
import { type AssignmentStanding, type Completion, completionsOf, type LessonRef, lessonsOf, progressOf } from './progress'

/** The published assignments a course requires for completion, and how many the student passed with a released grade. */
export const requiredAssignmentStanding = async (req: PayloadRequest, courseId: number, userId: number): Promise<AssignmentStanding> => {
  const required = await req.payload.find({
    collection: ASSIGNMENTS,
    where: { and: [{ course: { equals: courseId } }, { requiredForCompletion: { equals: true } }, { _status: { equals: 'published' } }] },
    pagination: false,
    depth: 0,
    select: { passMark: true },
    overrideAccess: true,
    req,
  })
  if (required.docs.length === 0) {
    return { required: 0, passed: 0 }
  }
  // One query for every released grade at the required assignments; the pass marks decide. An
  // unreleased grade counts for nothing yet: progress or a completion would tell the student it.
  const graded = await req.payload.find({
    collection: SUBMISSIONS,
    where: {
      and: [
        { assignment: { in: required.docs.map((a) => a.id) } },
        { student: { equals: userId } },
        { releasedAt: { exists: true } },
      ],
    },
    pagination: false,
    depth: 0,
    select: { assignment: true, finalPoints: true },
    overrideAccess: true,
    req,
  })
  const passMark = new Map(required.docs.map((a) => [a.id, a.passMark ?? 0]))
  const passed = new Set(
    graded.docs
      .filter((s) => (s.finalPoints ?? -1) >= (passMark.get(relationId(s.assignment)!) ?? 0))
      .map((s) => relationId(s.assignment)),
  ).size
  return { required: required.docs.length, passed }
}

/**
 * Stores an enrollment's progress from its lesson completions and the required
 * assignments, and completes it (once, with its time) when everything required is done.
 * Call under the enrollment's progress lock.
 */
export const storeProgress = async (
  req: PayloadRequest,
  enrollment: Enrollment,
  completions: Completion[],
  /** The course's lessons, when the caller has already read them. */
  knownLessons?: LessonRef[],
): Promise<Enrollment> => {
  const courseId = relationId(enrollment.course)!
  const lessons =
    knownLessons ??
    lessonsOf(await req.payload.findByID({ collection: COURSES, id: courseId, depth: 0, select: { sections: true }, overrideAccess: true, req }))
  const standing = await requiredAssignmentStanding(req, courseId, relationId(enrollment.user)!)
  const { percent, complete } = progressOf(lessons, completions, standing)
  const finishes = complete && enrollment.status === 'active'
  const unchanged = percent === enrollment.progress && completions.length === completionsOf(enrollment.completedLessons).length && !finishes
  if (unchanged) {
    return enrollment
  }
  return actingAs(req, 'system', () =>
    req.payload.update({
      collection: ENROLLMENTS,
      id: enrollment.id,
      data: { completedLessons: completions, progress: percent, ...(finishes ? { status: 'completed', completedAt: new Date().toISOString() } : {}) },
      depth: 0,
      overrideAccess: true,
      req,
    }),
  )
}

/** After a grade changes: the student's enrollment in the course may now be complete. */
export const refreshCompletion = async (req: PayloadRequest, courseId: number, userId: number): Promise<void> =>
  inTransaction(req, async () => {
    const find = () => enrollmentOf(req, userId, courseId)
    const first = await find()
    if (!first || first.status !== 'active') {
      return
    }
    await lockFor(req, LOCKS.enrollmentProgress, first.id)
    const enrollment = (await find())!
    await storeProgress(req, enrollment, completionsOf(enrollment.completedLessons))
  })
