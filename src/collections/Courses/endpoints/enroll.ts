import type { Endpoint } from 'payload'

import type { Course, Enrollment } from '@/payload-types'

import { APIError } from 'payload'

import { activeMemberships } from '@/access/memberships'
import { ENROLLMENTS } from '@/collections/slugs'
import { relationId } from '@/fields/relationId'
import { readableCourse, requirePerson, routeId } from '@/http/requestHelpers'

const refuse = (message: string, status = 403): never => {
  throw new APIError(message, status)
}

const day = (iso: string): string => iso.slice(0, 10)

/** Why this course takes no self-enrollment now, if it does not. */
const checkCourseOpen = (course: Course, now: Date): void => {
  if (course._status !== 'published') {
    refuse('This course is not published.')
  }
  if (course.archived) {
    refuse('This course is archived and takes no new enrollments.')
  }
  if (course.enrollmentPolicy === 'invite-only') {
    refuse('This course is by invitation only. Ask the school to enroll you.')
  }
  if (course.enrollmentPolicy === 'paid') {
    refuse('Payment is required to enroll in this course.', 402)
  }
  if (course.enrollmentOpensAt && new Date(course.enrollmentOpensAt) > now) {
    refuse(`Enrollment opens on ${day(course.enrollmentOpensAt)}.`)
  }
  if (course.enrollmentClosesAt && new Date(course.enrollmentClosesAt) <= now) {
    refuse(`Enrollment closed on ${day(course.enrollmentClosesAt)}.`)
  }
  if (course.endsAt && new Date(course.endsAt) <= now) {
    refuse('This course has ended.')
  }
}

/**
 * `POST /api/courses/:id/enroll`: a member of the course's school enrolls themself,
 * as the course's policy allows: open courses at once, approval courses as a pending
 * request. Capacity is enforced by the enrollments collection.
 */
export const enroll: Endpoint = {
  path: '/:id/enroll',
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, 'enroll')
    const id = routeId(req, 'id', 'course')
    const course = await readableCourse(req, id)
    const tenant = relationId(course.tenant)
    if (!(await activeMemberships(req)).some((m) => m.tenantId === tenant)) {
      refuse('Join this school before enrolling in its courses.')
    }
    checkCourseOpen(course, new Date())

    const prerequisites = (course.prerequisites ?? []).map(relationId).filter((p) => p !== undefined)
    if (prerequisites.length > 0) {
      const done = await req.payload.find({
        collection: ENROLLMENTS,
        where: { and: [{ user: { equals: person.id } }, { course: { in: prerequisites } }, { status: { equals: 'completed' } }] },
        pagination: false,
        depth: 0,
        select: { course: true },
        overrideAccess: true,
        req,
      })
      const completed = new Set(done.docs.map((d) => relationId(d.course)))
      const missing = prerequisites.filter((p) => !completed.has(p))
      if (missing.length > 0) {
        refuse(`Complete the prerequisite courses first (${missing.length} left).`)
      }
    }

    const status: Enrollment['status'] = course.enrollmentPolicy === 'approval' ? 'pending' : 'active'
    const existing = (
      await req.payload.find({
        collection: ENROLLMENTS,
        where: { and: [{ user: { equals: person.id } }, { course: { equals: id } }] },
        limit: 1,
        depth: 0,
        overrideAccess: true,
        req,
      })
    ).docs[0]
    if (existing && ['pending', 'active', 'completed'].includes(existing.status)) {
      throw new APIError(`You already have a ${existing.status} enrollment in this course.`, 409)
    }
    const doc = existing
      ? await req.payload.update({ collection: ENROLLMENTS, id: existing.id, data: { status, source: 'self' }, depth: 0, overrideAccess: true, req })
      : await req.payload.create({ collection: ENROLLMENTS, data: { user: person.id, course: id, status, source: 'self' }, depth: 0, overrideAccess: true, req })
    const message = status === 'pending' ? 'Request sent. The course staff will approve or reject it.' : 'Enrolled.'
    return Response.json({ message, doc }, { status: existing ? 200 : 201 })
  },
}
