import type { TaskConfig } from 'payload'

import { expireEndedEnrollments } from '@/domain/enrollment/expiry'

/** Hourly: enrollments of ended courses expire (the enrollment domain decides which). */
export const expireEnrollments: TaskConfig<'expireEnrollments'> = {
  slug: 'expireEnrollments',
  label: 'Expire enrollments of ended courses',
  schedule: [{ cron: '0 * * * *', queue: 'maintenance' }],
  outputSchema: [{ name: 'expired', type: 'number', required: true }],
  handler: async ({ req }) => ({ output: { expired: await expireEndedEnrollments(req) } }),
}
