import type { Subscriber } from '@/domain/events/subscriber'

import type { EventType } from '@/domain/events/catalog'

import { requestMeta } from '@/shared/requestContext'

import { notifyInApp } from './inApp'
import { NOTIFYING_EVENTS } from './kinds'

/** Events a learner is told of by mail. */
const MAILED: readonly EventType[] = ['submission.grade-released', 'certificate.issued', 'enrollment.activated']

export const NOTIFICATION_QUEUE = 'notifications'

/**
 * Notifications as a subscriber, in its transaction (so a rolled-back dispatch tells nobody,
 * and a dispatched one tells each person once): the in-app rows are written here; the mail is
 * queued as a job (sent by the jobs worker, retried there).
 */
export const notificationSubscriber: Subscriber = {
  name: 'notifications',
  handles: (type) => NOTIFYING_EVENTS.includes(type) || MAILED.includes(type),
  handle: async ({ req, event }) => {
    await notifyInApp(req, event)
    if (!MAILED.includes(event.type)) {
      return
    }
    // Only an approval is news; enrolling oneself or being enrolled by staff is not.
    if (event.type === 'enrollment.activated' && event.payload.previousStatus !== 'pending') {
      return
    }
    await req.payload.jobs.queue({ task: 'sendNotification', input: { event: event.id }, queue: NOTIFICATION_QUEUE, meta: requestMeta(), req })
  },
}
