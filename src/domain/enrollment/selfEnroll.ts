import type { PayloadRequest } from 'payload'

import type { Course, Enrollment } from '@/payload-types'

import { activeMemberships } from '@/domain/identity/memberships'
import { conflict, forbidden, paymentRequired } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { ENROLLMENTS } from '@/shared/slugs'

import { checkCourseOpen, checkPrerequisites } from './openness'

import { enrollmentOf } from './enrollmentOf'
import { actingAs } from './rules'
import { HOLDING_PLACE } from './status'

/** Who may enroll themself is the course's policy; invitation and payment are other ways in. */
const checkPolicy = (course: Course): void => {
  if (course.enrollmentPolicy === 'invite-only') {
    throw forbidden('This course is by invitation only. Ask the school to enroll you.')
  }
  if (course.enrollmentPolicy === 'paid') {
    throw paymentRequired('Payment is required to enroll in this course.')
  }
}

/**
 * A member of the course's school enrolls themself, as the course's policy allows: open courses
 * at once, approval courses as a pending request. A cancelled or expired enrollment is taken up
 * again. Capacity and the rest are the enrollment rules'. `course` is as the person may read it.
 */
export const selfEnroll = async ({
  req,
  personId,
  course,
  now = new Date(),
}: {
  req: PayloadRequest
  personId: number
  course: Course
  now?: Date
}): Promise<{ enrollment: Enrollment; created: boolean }> => {
  const tenant = relationId(course.tenant)
  if (!(await activeMemberships(req)).some((m) => m.tenantId === tenant)) {
    throw forbidden('Join this school before enrolling in its courses.')
  }
  checkCourseOpen(course, now)
  checkPolicy(course)
  await checkPrerequisites(req, personId, course)
  const status: Enrollment['status'] = course.enrollmentPolicy === 'approval' ? 'pending' : 'active'
  const existing = await enrollmentOf(req, personId, course.id)
  if (existing && HOLDING_PLACE.includes(existing.status)) {
    throw conflict(`You already have a ${existing.status} enrollment in this course.`)
  }
  return actingAs(req, 'owner', async () =>
    existing
      ? { enrollment: await req.payload.update({ collection: ENROLLMENTS, id: existing.id, data: { status, source: 'self' }, depth: 0, overrideAccess: true, req }), created: false }
      : { enrollment: await req.payload.create({ collection: ENROLLMENTS, data: { user: personId, course: course.id, status, source: 'self' }, depth: 0, overrideAccess: true, req }), created: true },
  )
}
