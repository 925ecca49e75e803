import type { PayloadRequest } from 'payload'

import { COURSES, ENROLLMENTS } from '@/shared/slugs'

import { actingAs } from './rules'
import { EXPIRING } from './status'

const BATCH = 500

/**
 * Enrollments still running (or waiting) when their course has ended become `expired`. Safe to
 * run twice, or in two workers at once: an expired enrollment is no longer selected, and each
 * change is its own update. Answers how many expired.
 */
export const expireEndedEnrollments = async (req: PayloadRequest, now = new Date()): Promise<number> => {
  const ended = await req.payload.find({
    collection: COURSES,
    where: { endsAt: { less_than: now.toISOString() } },
    pagination: false,
    depth: 0,
    select: {},
    overrideAccess: true,
    req,
  })
  const courseIds = ended.docs.map((course) => course.id)
  if (courseIds.length === 0) {
    return 0
  }
  let expired = 0
  for (;;) {
    const due = (
      await req.payload.find({
        collection: ENROLLMENTS,
        where: { and: [{ course: { in: courseIds } }, { status: { in: [...EXPIRING] } }] },
        limit: BATCH,
        depth: 0,
        select: {},
        overrideAccess: true,
        req,
      })
    ).docs
    if (due.length === 0) {
      return expired
    }
    for (const enrollment of due) {
      await actingAs(req, 'system', () => req.payload.update({ collection: ENROLLMENTS, id: enrollment.id, data: { status: 'expired' }, overrideAccess: true, req }))
      expired += 1
    }
  }
}
