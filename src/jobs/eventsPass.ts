import type { Payload } from 'payload'

import { dispatchEvents } from '@/domain/events/dispatch'
import { sendDueWebhooks } from '@/domain/webhooks/sendDue'

import { eventSubscribers } from './eventSubscribers'

/**
 * One pass of the event loop: new events to their subscribers, then due webhook deliveries
 * out. `signal` stops it between two transactions (a worker shutting down).
 */
export const eventsPass = async (payload: Payload, signal?: AbortSignal): Promise<{ handled: number; failed: number; attempted: number; succeeded: number }> => {
  const dispatched = await dispatchEvents({ payload, subscribers: eventSubscribers, signal })
  const sent = await sendDueWebhooks({ payload, signal })
  return { ...dispatched, ...sent }
}
