import type { CollectionAfterChangeHook } from 'payload'

import { queueMeetingSync as queue } from '@/domain/live/meetings'

/** Each change a person makes to a class has its Zoom meeting made, moved or removed by a job. */
export const queueMeetingSync: CollectionAfterChangeHook = async ({ doc, previousDoc, operation, req }) => {
  if (req.context.zoomSync) {
    return doc
  }
  const changed = operation === 'create' || ['startsAt', 'durationMinutes', 'status', 'title', 'agenda'].some((field) => JSON.stringify(doc[field]) !== JSON.stringify(previousDoc?.[field])) || doc.zoom?.hostEmail !== previousDoc?.zoom?.hostEmail
  if (changed) {
    await queue(req, doc.id as number)
  }
  return doc
}
