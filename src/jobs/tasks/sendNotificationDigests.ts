import type { TaskConfig } from 'payload'

import { sendDueDigests } from '@/domain/notifications/email/send'

/** Every quarter hour: the daily and weekly digests that are due (07:00 in each school's time zone). */
export const sendNotificationDigests: TaskConfig<'sendNotificationDigests'> = {
  slug: 'sendNotificationDigests',
  label: 'Send notification digests',
  schedule: [{ cron: '*/15 * * * *', queue: 'maintenance' }],
  outputSchema: [{ name: 'sent', type: 'number', required: true }],
  handler: async ({ req }) => ({ output: { sent: await sendDueDigests(req) } }),
}
