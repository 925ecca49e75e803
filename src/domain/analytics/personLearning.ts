import type { PayloadRequest } from 'payload'


import { notFound } from '@/shared/domainError'
import { COURSES, ENROLLMENTS, USERS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'

export type CourseProgress = {
  course: { id: number; title: string | null; slug: string | null }
  status: string
  progress: number
  activatedAt: string | null
  completedAt: string | null
}

export type PersonLearning = { user: number; name: string | null; courses: CourseProgress[] }

/**
 * One person's progress across their courses, as far as the requester may see it: what the
 * enrollments' own access gives (the person everything, a tenant-admin their school's
 * courses, an instructor the courses they teach). 404 when nothing of the person is visible,
 * so their existence is not confirmed.
 */
export const personLearning = async ({ req, personId }: { req: PayloadRequest; personId: number }): Promise<PersonLearning> => {
  const enrollments = await req.payload.find({
    collection: ENROLLMENTS,
    where: { user: { equals: personId } },
    pagination: false,
    depth: 0,
    sort: '-updatedAt',
    overrideAccess: false,
    user: req.user,
    req,
  })
  if (enrollments.docs.length === 0 && req.user?.id !== personId) {
    throw notFound('No such person.')
  }
  const courseIds = [...new Set(enrollments.docs.map((e) => relationId(e.course)!))]
  const courses = courseIds.length
    ? (await req.payload.find({ collection: COURSES, where: { id: { in: courseIds } }, pagination: false, depth: 0, select: { title: true, slug: true }, overrideAccess: true, req })).docs
    : []
  const byId = new Map(courses.map((c) => [c.id, c]))
  // The name only, and only because their enrollments are visible to the requester.
  const person = await req.payload.findByID({ collection: USERS, id: personId, depth: 0, select: { name: true }, overrideAccess: true, disableErrors: true, req })
  return {
    user: personId,
    name: person?.name ?? null,
    courses: enrollments.docs.map((e) => {
      const course = byId.get(relationId(e.course)!)
      return {
        course: { id: relationId(e.course)!, title: course?.title ?? null, slug: course?.slug ?? null },
        status: e.status,
        progress: e.progress ?? 0,
        activatedAt: e.activatedAt ?? null,
        completedAt: e.completedAt ?? null,
      }
    }),
  }
}
