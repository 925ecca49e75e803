import type { TaskConfig } from 'payload'

import { MAX_EMAIL_ATTEMPTS, sendNotificationEmail } from '@/domain/notifications/email/send'

/** Sends one notification mail of the log (queued by the notifications subscriber, or a resend). */
export const sendNotification: TaskConfig<'sendNotification'> = {
  slug: 'sendNotification',
  label: 'Send a notification mail',
  retries: { attempts: MAX_EMAIL_ATTEMPTS, backoff: { type: 'exponential', delay: 30_000 } },
  inputSchema: [{ name: 'email', type: 'number', required: true }],
  outputSchema: [{ name: 'outcome', type: 'text', required: true }],
  handler: async ({ input, req }) => ({ output: { outcome: await sendNotificationEmail(req, input.email) } }),
}
