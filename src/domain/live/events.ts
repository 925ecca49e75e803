import type { PayloadRequest } from 'payload'

import type { LiveClass } from '@/payload-types'

import { recordEvent } from '@/domain/events/recordEvent'
import { referenceId } from '@/shared/referenceId'
import { LIVE_CLASSES } from '@/shared/slugs'

/** A class scheduled, or scheduled again after it was cancelled. */
export const recordClassScheduled = async ({ req, doc, previous }: { req: PayloadRequest; doc: LiveClass; previous: LiveClass | undefined }): Promise<void> => {
  if (doc.status !== 'scheduled' || (previous && previous.status !== 'cancelled')) {
    return
  }
  await recordEvent(req, {
    type: 'live-class.scheduled',
    tenant: referenceId(doc.tenant),
    subject: { collection: LIVE_CLASSES, id: doc.id },
    payload: { liveClass: doc.id, course: referenceId(doc.course)!, title: doc.title, startsAt: new Date(doc.startsAt).toISOString(), durationMinutes: doc.durationMinutes, host: referenceId(doc.host)! },
  })
}
