import type { PayloadRequest } from 'payload'

import type { Enrollment } from '@/payload-types'

import { ENROLLMENTS } from '@/collections/slugs'

/** Statuses that already hold (or ask for) a place: enrolling again changes nothing. */
const HOLDING: Enrollment['status'][] = ['active', 'pending', 'completed']

/**
 * Puts a member of the course's school into the course, or leaves an enrollment that already
 * holds a place as it is; a cancelled or expired one becomes active again. The enrollments
 * collection's rules (same school, capacity) apply as for any other writer.
 */
export const enrollMember = async ({
  req,
  userId,
  courseId,
  source,
}: {
  req: PayloadRequest
  userId: number
  courseId: number
  source: Enrollment['source']
}): Promise<'enrolled' | 'already-enrolled'> => {
  const existing = (
    await req.payload.find({
      collection: ENROLLMENTS,
      where: { and: [{ user: { equals: userId } }, { course: { equals: courseId } }] },
      limit: 1,
      depth: 0,
      overrideAccess: true,
      req,
    })
  ).docs[0]
  if (existing && HOLDING.includes(existing.status)) {
    return 'already-enrolled'
  }
  if (existing) {
    await req.payload.update({ collection: ENROLLMENTS, id: existing.id, data: { status: 'active', source }, overrideAccess: true, req })
  } else {
    await req.payload.create({ collection: ENROLLMENTS, data: { user: userId, course: courseId, status: 'active', source }, overrideAccess: true, req })
  }
  return 'enrolled'
}
