import type { Subscriber } from '@/domain/events/subscriber'

import { NOTIFYING_EVENTS } from './kinds'
import { announceNotified } from './live'
import { notify } from './notify'

export { NOTIFICATION_QUEUE } from './queue'

/**
 * Notifications as a subscriber, in its transaction, so a rolled-back dispatch tells nobody and
 * a dispatched one tells each person once: the in-app rows and the mail log's rows are written
 * here, with a `sendNotification` job for each mail to send at once (sent by the jobs worker,
 * retried there); digests wait for `sendNotificationDigests`. Once committed, every app process
 * is told, and pushes the new notifications to the people's open sockets (live.ts).
 */
export const notificationSubscriber: Subscriber = {
  name: 'notifications',
  handles: (type) => NOTIFYING_EVENTS.includes(type),
  handle: async ({ req, event }) => {
    const told = await notify(req, event)
    if (event.tenant !== null) {
      await announceNotified(req, event.tenant, told.shown)
    }
  },
}
