import type { PayloadRequest } from 'payload'

import type { Course } from '@/payload-types'

import { forbidden } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { ENROLLMENTS } from '@/shared/slugs'

const day = (iso: string): string => iso.slice(0, 10)

/** Why this course takes no one new now (by enrolling or by buying), if it does not. */
export const checkCourseOpen = (course: Course, now: Date): void => {
  if (course._status !== 'published') {
    throw forbidden('This course is not published.')
  }
  if (course.archived) {
    throw forbidden('This course is archived and takes no new enrollments.')
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
export const checkPrerequisites = async (req: PayloadRequest, personId: number, course: Course): Promise<void> => {
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

