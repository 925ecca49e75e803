import type { Subscriber } from '@/domain/events/subscriber'

import type { EventType } from '@/domain/events/catalog'

import { requestMeta } from '@/shared/requestContext'

/** Events a learner is told of by mail. */
const NOTIFIED: readonly EventType[] = ['submission.grade-released', 'certificate.issued', 'enrollment.activated']

export const NOTIFICATION_QUEUE = 'notifications'

/**
 * Notifications as a subscriber: the mail is queued as a job in the subscriber's transaction
 * (sent by the jobs worker, retried there), so a rolled-back dispatch queues nothing.
 */
export const notificationSubscriber: Subscriber = {
  name: 'notifications',
  handles: (type) => NOTIFIED.includes(type),
  handle: async ({ req, event }) => {
    // Only an approval is news; enrolling oneself or being enrolled by staff is not.
    if (event.type === 'enrollment.activated' && event.payload.previousStatus !== 'pending') {
      return
    }
    await req.payload.jobs.queue({ task: 'sendNotification', input: { event: event.id }, queue: NOTIFICATION_QUEUE, meta: requestMeta(), req })
  },
}
