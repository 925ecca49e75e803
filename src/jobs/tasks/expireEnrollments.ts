import type { TaskConfig } from 'payload'

import { SYSTEM_STATUS_CHANGE } from '@/collections/Enrollments/hooks/applyEnrollmentRules'
import { COURSES, ENROLLMENTS } from '@/collections/slugs'

const BATCH = 500

/**
 * Enrollments still active or pending when their course has ended become `expired`.
 * Safe to run twice, or in two workers at once: an enrollment already expired is no
 * longer selected, and each change is its own update.
 */
export const expireEnrollments: TaskConfig<'expireEnrollments'> = {
  slug: 'expireEnrollments',
  label: 'Expire enrollments of ended courses',
  schedule: [{ cron: '0 * * * *', queue: 'maintenance' }],
  outputSchema: [{ name: 'expired', type: 'number', required: true }],
  handler: async ({ req }) => {
    const now = new Date().toISOString()
    const ended = await req.payload.find({
      collection: COURSES,
      where: { endsAt: { less_than: now } },
      pagination: false,
      depth: 0,
      select: {},
      overrideAccess: true,
      req,
    })
    const courseIds = ended.docs.map((course) => course.id)
    let expired = 0
    for (;;) {
      const due =
        courseIds.length === 0
          ? []
          : (
              await req.payload.find({
                collection: ENROLLMENTS,
                where: { and: [{ course: { in: courseIds } }, { status: { in: ['active', 'pending'] } }] },
                limit: BATCH,
                depth: 0,
                select: {},
                overrideAccess: true,
                req,
              })
            ).docs
      if (due.length === 0) {
        break
      }
      for (const enrollment of due) {
        await req.payload.update({
          collection: ENROLLMENTS,
          id: enrollment.id,
          data: { status: 'expired' },
          overrideAccess: true,
          context: { [SYSTEM_STATUS_CHANGE]: true },
          req,
        })
        expired += 1
      }
    }
    return { output: { expired } }
  },
}
