import type { PayloadRequest } from 'payload'

import type { Enrollment } from '@/payload-types'

import { listMemberships } from '@/domain/identity/memberships'
import { placesHeld } from '@/domain/payments/holds'
import { LOCKS, lockFor } from '@/services/database/transactions'
import { conflict, invalid } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { COURSES, ENROLLMENTS, USERS } from '@/shared/slugs'

import { checkTransition, type EnrollmentActor, INITIAL_STATUSES, TAKING_SEAT } from './status'

const refuse = (field: string, message: string): never => {
  throw invalid(message, { field, collection: ENROLLMENTS })
}

/** Places taken in the course, other than by `except`, and held by others' checkouts still being paid. */
const seatsTaken = async (req: PayloadRequest, course: number, person: number, except?: number): Promise<number> =>
  (await placesHeld(req, { course, except: person })) +
  (
    await req.payload.count({
      collection: ENROLLMENTS,
      where: {
        and: [
          { course: { equals: course } },
          { status: { in: [...TAKING_SEAT] } },
          ...(except === undefined ? [] : [{ id: { not_equals: except } }]),
        ],
      },
      overrideAccess: true,
      req,
    })
  ).totalDocs

/** A new enrollment: person and course exist and share a school, once per person and course. */
const checkNew = async (req: PayloadRequest, data: Partial<Enrollment>, now: string): Promise<number> => {
  const courseId = relationId(data.course)
  const userId = relationId(data.user)
  if (courseId === undefined || userId === undefined) {
    return refuse(courseId === undefined ? 'course' : 'user', 'This field is required.')
  }
  const course = await req.payload.findByID({ collection: COURSES, id: courseId, depth: 0, select: { tenant: true, title: true }, overrideAccess: true, disableErrors: true, req })
  const tenant = relationId(course?.tenant)
  if (!course || tenant === undefined) {
    return refuse('course', 'The course does not exist.')
  }
  if (data.tenant !== undefined && data.tenant !== null && relationId(data.tenant) !== tenant) {
    return refuse('tenant', 'An enrollment belongs to the school of its course.')
  }
  data.tenant = tenant
  const user = await req.payload.findByID({ collection: USERS, id: userId, depth: 0, select: { tenants: true, name: true, email: true }, overrideAccess: true, disableErrors: true, req })
  if (!user || !listMemberships(user).some((m) => m.tenantId === tenant && !m.suspended)) {
    return refuse('user', "This person is not a member of the course's school.")
  }
  data.title = `${user.name || user.email} — ${course.title ?? `course ${courseId}`}`.slice(0, 300)
  // The duplicate check and the insert happen under the course's lock, so a double click cannot
  // slip two enrollments past the check (the unique index would refuse the second less helpfully).
  await lockFor(req, LOCKS.courseSeats, courseId)
  const existing = await req.payload.count({
    collection: ENROLLMENTS,
    where: { and: [{ user: { equals: userId } }, { course: { equals: courseId } }] },
    overrideAccess: true,
    req,
  })
  if (existing.totalDocs > 0) {
    throw conflict('This person already has an enrollment in this course.')
  }
  data.status ??= 'active'
  data.source ??= 'staff'
  if (!INITIAL_STATUSES.includes(data.status)) {
    return refuse('status', 'A new enrollment starts as active or pending.')
  }
  data.requestedAt = now
  if (data.status === 'active') {
    data.activatedAt = now
  }
  return courseId
}

/** A change: never to another person, course or school; status only as the machine allows `actor`. */
const checkChange = (data: Partial<Enrollment>, before: Enrollment, actor: EnrollmentActor, now: string): number => {
  for (const field of ['user', 'course', 'tenant'] as const) {
    if (data[field] !== undefined && relationId(data[field]) !== relationId(before[field])) {
      refuse(field, 'An enrollment cannot be moved to another person, course or school. Cancel it and enroll anew.')
    }
  }
  const next = data.status ?? before.status
  if (next !== before.status) {
    checkTransition(before.status, next, actor)
    if (next === 'active') {
      data.activatedAt = now
      data.cancelledAt = null
    }
    if (next === 'cancelled') {
      data.cancelledAt = now
    }
    if (next === 'pending') {
      data.requestedAt = now
      data.cancelledAt = null
    }
  }
  return relationId(before.course)!
}

/**
 * Keeps every enrollment write honest, whoever makes it (endpoints, REST, the admin panel, jobs):
 * same school for person and course, one enrollment per person and course, status changes the
 * machine allows the actor (`req.context.enrollmentActor`, staff unless said), their timestamps,
 * and the course's capacity. Capacity is counted under a per-course lock held to commit, so
 * parallel requests cannot overfill. Changes `data` in place.
 */
export const checkEnrollmentWrite = async ({
  req,
  data,
  before,
}: {
  req: PayloadRequest
  data: Partial<Enrollment>
  /** The enrollment as it was; none for a new one. */
  before?: Enrollment
}): Promise<void> => {
  const now = new Date().toISOString()
  const courseId = before ? checkChange(data, before, req.context.enrollmentActor ?? 'staff', now) : await checkNew(req, data, now)
  const becomesActive = data.status === 'active' && before?.status !== 'active'
  if (becomesActive) {
    const full = await fullCourse(req, courseId, relationId(data.user ?? before?.user)!, before?.id)
    if (full) {
      throw conflict(full)
    }
  }
}

/**
 * Whether `person` would find no place left in the course (why, in words), counted under the
 * course's lock, which stays held to commit so parallel writes cannot overfill it. For callers
 * that must not let a write fail inside their transaction (a failed Payload write rolls all of
 * it back): they ask first.
 */
export const fullCourse = async (req: PayloadRequest, courseId: number, person: number, except?: number): Promise<string | undefined> => {
  await lockFor(req, LOCKS.courseSeats, courseId)
  const course = await req.payload.findByID({ collection: COURSES, id: courseId, depth: 0, select: { capacity: true }, overrideAccess: true, req })
  return course.capacity && (await seatsTaken(req, courseId, person, except)) >= course.capacity ? `This course is full: all ${course.capacity} places are taken.` : undefined
}

/** Runs `work` with enrollment changes made as `actor`, then restores whoever acted before. */
export const actingAs = async <T>(req: PayloadRequest, actor: EnrollmentActor, work: () => Promise<T>): Promise<T> => {
  const previous = req.context.enrollmentActor
  req.context.enrollmentActor = actor
  try {
    return await work()
  } finally {
    req.context.enrollmentActor = previous
  }
}
