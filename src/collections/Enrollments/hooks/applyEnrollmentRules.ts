import type { CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import type { Enrollment } from '@/payload-types'

import { APIError, ValidationError } from 'payload'

import { listMemberships } from '@/access/memberships'
import { COURSES, ENROLLMENTS, USERS } from '@/collections/slugs'
import { relationId } from '@/fields/relationId'
import { LOCKS, lockFor } from '@/services/database/transactions'

type Status = Enrollment['status']

/** Status changes allowed; `completed` and `expired` are the system's alone. */
const TRANSITIONS: Record<Status, Status[]> = {
  pending: ['active', 'cancelled', 'expired'],
  active: ['cancelled', 'completed', 'expired'],
  completed: [],
  cancelled: ['active', 'pending'],
  expired: ['active', 'cancelled'],
}

/** Set on `req.context` by progress and expiry, the only writers of `completed` and `expired`. */
export const SYSTEM_STATUS_CHANGE = 'enrollmentSystemStatus'
const SYSTEM_ONLY: Status[] = ['completed', 'expired']

const invalid = (path: string, message: string): never => {
  throw new ValidationError({ collection: ENROLLMENTS, errors: [{ path, message }] })
}

/** Places taken: active and completed enrollments of the course, other than this one. */
const seatsTaken = async (req: PayloadRequest, course: number, except?: number): Promise<number> =>
  (
    await req.payload.count({
      collection: ENROLLMENTS,
      where: {
        and: [
          { course: { equals: course } },
          { status: { in: ['active', 'completed'] } },
          ...(except === undefined ? [] : [{ id: { not_equals: except } }]),
        ],
      },
      overrideAccess: true,
      req,
    })
  ).totalDocs

/**
 * Keeps every enrollment write honest, whoever makes it (endpoint, REST, admin panel):
 * same school for person and course, one enrollment per person and course, legal
 * status changes with their timestamps, and the course's capacity. Capacity is
 * counted under a per-course lock held to commit, so parallel requests cannot overfill.
 */
export const applyEnrollmentRules: CollectionBeforeChangeHook<Enrollment> = async ({ data, originalDoc, operation, req }) => {
  const now = new Date().toISOString()
  let courseId: number | undefined
  if (operation === 'create') {
    courseId = relationId(data.course)
    const userId = relationId(data.user)
    if (courseId === undefined || userId === undefined) {
      return invalid(courseId === undefined ? 'course' : 'user', 'This field is required.')
    }
    const course = await req.payload.findByID({ collection: COURSES, id: courseId, depth: 0, select: { tenant: true, title: true }, overrideAccess: true, disableErrors: true, req })
    const tenant = relationId(course?.tenant)
    if (!course || tenant === undefined) {
      return invalid('course', 'The course does not exist.')
    }
    if (data.tenant !== undefined && data.tenant !== null && relationId(data.tenant) !== tenant) {
      return invalid('tenant', 'An enrollment belongs to the school of its course.')
    }
    data.tenant = tenant
    const user = await req.payload.findByID({ collection: USERS, id: userId, depth: 0, select: { tenants: true, name: true, email: true }, overrideAccess: true, disableErrors: true, req })
    if (!user || !listMemberships(user).some((m) => m.tenantId === tenant && !m.suspended)) {
      return invalid('user', 'This person is not a member of the course\'s school.')
    }
    data.title = `${user.name || user.email} — ${course.title ?? `course ${courseId}`}`.slice(0, 300)
    // The duplicate check and the insert happen under the course's lock, so a double
    // click cannot slip two enrollments past the check (the unique index would refuse
    // the second with a less helpful error).
    await lockFor(req, LOCKS.courseSeats, courseId)
    const existing = await req.payload.count({
      collection: ENROLLMENTS,
      where: { and: [{ user: { equals: userId } }, { course: { equals: courseId } }] },
      overrideAccess: true,
      req,
    })
    if (existing.totalDocs > 0) {
      throw new APIError('This person already has an enrollment in this course.', 409)
    }
    data.status ??= 'active'
    data.source ??= 'staff'
    if (data.status !== 'active' && data.status !== 'pending') {
      return invalid('status', 'A new enrollment starts as active or pending.')
    }
    data.requestedAt = now
    if (data.status === 'active') {
      data.activatedAt = now
    }
  } else {
    const before = originalDoc as Enrollment
    courseId = relationId(before.course)
    for (const field of ['user', 'course', 'tenant'] as const) {
      if (data[field] !== undefined && relationId(data[field]) !== relationId(before[field])) {
        invalid(field, 'An enrollment cannot be moved to another person, course or school. Cancel it and enroll anew.')
      }
    }
    const next = data.status ?? before.status
    if (next !== before.status) {
      const allowed = TRANSITIONS[before.status]
      const bySystem = req.context[SYSTEM_STATUS_CHANGE] === true
      if (!allowed.includes(next) || (SYSTEM_ONLY.includes(next) && !bySystem)) {
        invalid('status', `An enrollment cannot go from ${before.status} to ${next}.`)
      }
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
  }

  const becomesActive = data.status === 'active' && (operation === 'create' || (originalDoc as Enrollment).status !== 'active')
  if (becomesActive && courseId !== undefined) {
    await lockFor(req, LOCKS.courseSeats, courseId)
    const course = await req.payload.findByID({ collection: COURSES, id: courseId, depth: 0, select: { capacity: true }, overrideAccess: true, req })
    if (course.capacity && (await seatsTaken(req, courseId, originalDoc?.id)) >= course.capacity) {
      throw new APIError(`This course is full: all ${course.capacity} places are taken.`, 409)
    }
  }
  return data
}
