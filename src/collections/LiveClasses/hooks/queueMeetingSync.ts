import type { CollectionAfterChangeHook } from 'payload'

import type { LiveClass } from '@/payload-types'

import { recordClassScheduled } from '@/domain/live/events'
import { queueMeetingSync as queue } from '@/domain/live/jobs'
import { scheduleSeries } from '@/domain/live/series'

/** Each change a person makes to a class has its Zoom meeting made, moved or removed by a job; a class scheduled is an event. */
export const queueMeetingSync: CollectionAfterChangeHook<LiveClass> = async ({ data, doc, previousDoc, operation, req }) => {
  if (req.context.zoomSync) {
    return doc
  }
  const changed =
    operation === 'create' ||
    (['startsAt', 'durationMinutes', 'status', 'title', 'agenda'] as const).some((field) => JSON.stringify(doc[field]) !== JSON.stringify(previousDoc?.[field])) ||
    doc.zoom?.hostEmail !== previousDoc?.zoom?.hostEmail
  if (changed) {
    await queue(req, doc.id)
  }
  await recordClassScheduled({ req, doc, previous: operation === 'create' ? undefined : previousDoc })
  // Asked for when scheduling, kept nowhere.
  const weeks = (data as { repeatWeeks?: unknown } | undefined)?.repeatWeeks ?? 1
  if (operation === 'create' && !req.context.seriesOccurrence && typeof weeks === 'number' && Number.isInteger(weeks) && weeks > 1) {
    await scheduleSeries(req, doc, weeks)
  }
  return doc
}
