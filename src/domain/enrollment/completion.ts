import type { PayloadRequest } from 'payload'

import type { Enrollment } from '@/payload-types'

import { ASSIGNMENTS, COURSES, ENROLLMENTS, QUIZ_ATTEMPTS, QUIZZES, SUBMISSIONS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'
import { sql } from '@payloadcms/db-postgres'

import { inTransaction, LOCKS, lockFor, sqlHandle } from '@/services/database/transactions'

import { enrollmentOf } from './enrollmentOf'
import { actingAs } from './rules'
import { type AssignmentStanding, type AttendanceStanding, type Completion, completionsOf, type LessonRef, lessonsOf, progressOf } from './progress'

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

/** The published quizzes a course requires for completion, and how many the student has passed (any graded attempt at or above the pass mark). */
export const requiredQuizStanding = async (req: PayloadRequest, courseId: number, userId: number): Promise<AssignmentStanding> => {
  const required = await req.payload.find({
    collection: QUIZZES,
    where: { and: [{ course: { equals: courseId } }, { requiredForCompletion: { equals: true } }, { _status: { equals: 'published' } }] },
    pagination: false,
    depth: 0,
    select: {},
    overrideAccess: true,
    req,
  })
  if (required.docs.length === 0) {
    return { required: 0, passed: 0 }
  }
  const passing = await req.payload.find({
    collection: QUIZ_ATTEMPTS,
    where: { and: [{ quiz: { in: required.docs.map((q) => q.id) } }, { student: { equals: userId } }, { passed: { equals: true } }] },
    pagination: false,
    depth: 0,
    select: { quiz: true },
    overrideAccess: true,
    req,
  })
  return { required: required.docs.length, passed: new Set(passing.docs.map((a) => relationId(a.quiz))).size }
}

/**
 * Whether the course asks for a share of its live classes' time and the student attended it:
 * the minutes they attended over the length of the ended classes they were expected at (a row
 * of attendance is made for each student enrolled when a class ends), excused classes left
 * out. With none held that they were expected at, it is met: nobody is held back by classes they could not attend.
 */
export const attendanceStanding = async (req: PayloadRequest, courseId: number, userId: number, minShare: number | null | undefined): Promise<AttendanceStanding> => {
  if (!minShare) {
    return { required: false, met: false }
  }
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    select coalesce(sum(least(coalesce(a.minutes, 0), l.minutes)), 0)::float as attended, coalesce(sum(l.minutes), 0)::float as held
    from attendance a
    join live_classes c on c.id = a.live_class_id
    cross join lateral (select extract(epoch from (coalesce(c.ended_at, coalesce(c.started_at, c.starts_at) + c.duration_minutes * interval '1 minute') - coalesce(c.started_at, c.starts_at))) / 60 as minutes) l
    where a.course_id = ${courseId} and a.student_id = ${userId} and c.status = 'ended' and a.status <> 'excused'`)
  const { attended, held } = rows[0] as { attended: number; held: number }
  // None held that they were expected at (they came after the last, or there is none yet): nothing to miss.
  return { required: true, met: held === 0 || (attended / held) * 100 >= minShare - 1e-9 }
}

/**
 * Stores an enrollment's progress from its lesson completions and the required
 * assignments and quizzes, and completes it (once, with its time) when everything required is done.
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
  const course = await req.payload.findByID({ collection: COURSES, id: courseId, depth: 0, select: knownLessons ? { minAttendanceShare: true } : { sections: true, minAttendanceShare: true }, overrideAccess: true, req })
  const lessons = knownLessons ?? lessonsOf(course)
  const assignments = await requiredAssignmentStanding(req, courseId, relationId(enrollment.user)!)
  const quizzes = await requiredQuizStanding(req, courseId, relationId(enrollment.user)!)
  // Required quizzes count as required work, like assignments.
  const standing = { required: assignments.required + quizzes.required, passed: assignments.passed + quizzes.passed }
  const attendance = await attendanceStanding(req, courseId, relationId(enrollment.user)!, course.minAttendanceShare)
  const { percent, complete } = progressOf(lessons, completions, standing, attendance)
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
