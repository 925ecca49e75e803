import type { PayloadRequest } from 'payload'

import { LEARNING } from '@/domain/enrollment/status'
import type { Enrollment } from '@/payload-types'

import { ENROLLMENTS } from '@/shared/slugs'

declare module 'payload' {
  interface RequestContext {
    /** The requester's enrollment per course, read once per request. */
    viewerEnrollments?: Map<number, Promise<ViewerEnrollment | null>>
  }
}

export type ViewerEnrollment = Pick<Enrollment, 'id' | 'status' | 'activatedAt' | 'completedLessons'>

/**
 * The requester's own enrollment in a course, or null. Cached per request, since
 * field access asks once per lesson.
 */
export const viewerEnrollment = async (req: PayloadRequest, courseId: number): Promise<ViewerEnrollment | null> => {
  if (!req.user || req.user.collection !== 'users') {
    return null
  }
  const cache = (req.context.viewerEnrollments ??= new Map())
  let hit = cache.get(courseId)
  if (!hit) {
    hit = req.payload
      .find({
        collection: ENROLLMENTS,
        where: { and: [{ user: { equals: req.user.id } }, { course: { equals: courseId } }] },
        limit: 1,
        pagination: false,
        depth: 0,
        select: { status: true, activatedAt: true, completedLessons: true },
        overrideAccess: true,
        req,
      })
      .then((found) => (found.docs[0] as ViewerEnrollment | undefined) ?? null)
    cache.set(courseId, hit)
  }
  return hit
}

/** Statuses that let a student into a course's content and work. */

/** Whether an enrollment lets its student into lesson content at all. */
export const isLearning = (enrollment: Pick<Enrollment, 'status'> | null | undefined): enrollment is ViewerEnrollment =>
  enrollment !== null && enrollment !== undefined && LEARNING.includes(enrollment.status)

const DAY_MS = 86_400_000

/** When a lesson with drip release opens for this enrollment. */
export const releasedAt = (enrollment: Pick<Enrollment, 'activatedAt'>, releaseAfterDays: number | null | undefined): Date => {
  const start = enrollment.activatedAt ? new Date(enrollment.activatedAt).getTime() : Date.now()
  return new Date(start + (releaseAfterDays ?? 0) * DAY_MS)
}
