import type { Subscriber } from '@/domain/events/subscriber'

import { queueSummary } from './summarize'

/** A class's transcript, once stored, is summarised by a job (the subscriber's transaction queues it, once). */
export const summarySubscriber: Subscriber = {
  name: 'recording-summaries',
  handles: (type) => type === 'live-class.recording-available',
  handle: async ({ req, event }) => {
    const transcript = Number(event.payload.transcript)
    if (Number.isInteger(transcript) && transcript > 0) {
      await queueSummary(req, transcript)
    }
  },
}
