import type { TaskConfig } from 'payload'

import { notificationMail } from '@/domain/notifications/notificationMail'
import { DOMAIN_EVENTS } from '@/shared/slugs'

/** Mails a learner about one event (queued by the notifications subscriber). */
export const sendNotification: TaskConfig<'sendNotification'> = {
  slug: 'sendNotification',
  label: 'Send a notification mail',
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 } },
  inputSchema: [{ name: 'event', type: 'number', required: true }],
  handler: async ({ input, req }) => {
    const event = await req.payload.findByID({ collection: DOMAIN_EVENTS, id: input.event, depth: 0, overrideAccess: true, disableErrors: true, req })
    const mail = event ? await notificationMail(req, event) : undefined
    if (mail) {
      await req.payload.sendEmail(mail)
    }
    return { output: {} }
  },
}
