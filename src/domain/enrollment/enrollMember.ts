import type { PayloadRequest } from 'payload'

import type { Enrollment } from '@/payload-types'

import { ENROLLMENTS } from '@/shared/slugs'

import { enrollmentOf } from './enrollmentOf'
import { actingAs } from './rules'
import { HOLDING_PLACE } from './status'


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
  const existing = await enrollmentOf(req, userId, courseId)
  if (existing && HOLDING_PLACE.includes(existing.status)) {
    return 'already-enrolled'
  }
  await actingAs(req, 'staff', () =>
    existing
      ? req.payload.update({ collection: ENROLLMENTS, id: existing.id, data: { status: 'active', source }, overrideAccess: true, req })
      : req.payload.create({ collection: ENROLLMENTS, data: { user: userId, course: courseId, status: 'active', source }, overrideAccess: true, req }),
  )
  return 'enrolled'
}
