import type { TaskConfig } from 'payload'

import { announceDueWork as announce } from '@/domain/notifications/reminders'

/** Every five minutes: assignments due and quizzes closing within a day are announced, once each. */
export const announceDueWork: TaskConfig<'announceDueWork'> = {
  slug: 'announceDueWork',
  label: 'Announce work due within a day',
  schedule: [{ cron: '*/5 * * * *', queue: 'maintenance' }],
  outputSchema: [{ name: 'announced', type: 'number', required: true }],
  handler: async ({ req }) => ({ output: { announced: await announce(req) } }),
}
