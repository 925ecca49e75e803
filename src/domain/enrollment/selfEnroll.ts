import type { PayloadRequest } from 'payload'

import type { Course, Enrollment } from '@/payload-types'

import { activeMemberships } from '@/domain/identity/memberships'
import { conflict, forbidden, paymentRequired } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { ENROLLMENTS } from '@/shared/slugs'

import { enrollmentOf } from './enrollmentOf'
import { actingAs } from './rules'
import { HOLDING_PLACE } from './status'

const day = (iso: string): string => iso.slice(0, 10)

/** Why this course takes no self-enrollment now, if it does not. */
const checkCourseOpen = (course: Course, now: Date): void => {
  if (course._status !== 'published') {
    throw forbidden('This course is not published.')
  }
  if (course.archived) {
    throw forbidden('This course is archived and takes no new enrollments.')
  }
  if (course.enrollmentPolicy === 'invite-only') {
    throw forbidden('This course is by invitation only. Ask the school to enroll you.')
  }
  if (course.enrollmentPolicy === 'paid') {
    throw paymentRequired('Payment is required to enroll in this course.')
  }
  if (course.enrollmentOpensAt && new Date(course.enrollmentOpensAt) > now) {
    throw forbidden(`Enrollment opens on ${day(course.enrollmentOpensAt)}.`)
  }
  if (course.enrollmentClosesAt && new Date(course.enrollmentClosesAt) <= now) {
    throw forbidden(`Enrollment closed on ${day(course.enrollmentClosesAt)}.`)
  }
  if (course.endsAt && new Date(course.endsAt) <= now) {
    throw forbidden('This course has ended.')
  }
}

/** Refuses until every prerequisite course is completed. */
const checkPrerequisites = async (req: PayloadRequest, personId: number, course: Course): Promise<void> => {
  const prerequisites = (course.prerequisites ?? []).map(relationId).filter((p) => p !== undefined)
  if (prerequisites.length === 0) {
    return
  }
  const done = await req.payload.find({
    collection: ENROLLMENTS,
    where: { and: [{ user: { equals: personId } }, { course: { in: prerequisites } }, { status: { equals: 'completed' } }] },
    pagination: false,
    depth: 0,
    select: { course: true },
    overrideAccess: true,
    req,
  })
  const completed = new Set(done.docs.map((d) => relationId(d.course)))
  const missing = prerequisites.filter((p) => !completed.has(p))
  if (missing.length > 0) {
    throw forbidden(`Complete the prerequisite courses first (${missing.length} left).`)
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
