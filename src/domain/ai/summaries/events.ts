import type { PayloadRequest } from 'payload'

import type { RecordingSummary } from '@/payload-types'

import { isFirstPublication } from '@/domain/events/firstPublication'
import { recordEvent } from '@/domain/events/recordEvent'
import { relationId } from '@/shared/relationId'
import { RECORDING_SUMMARIES } from '@/shared/slugs'

// A recording past its retention is deleted; its summary stays, without it.
const subjectOf = (doc: RecordingSummary) => ({ summary: doc.id, course: relationId(doc.course)!, liveClass: relationId(doc.liveClass) ?? null, recording: relationId(doc.recording) ?? null })

/**
 * A draft written by the AI is told to the course's staff (they review it), each time it is
 * written (again when they asked for it); its first publication to its students (published again
 * after being taken back, it was told the first time).
 */
export const recordSummaryEvents = async ({ req, doc, previous }: { req: PayloadRequest; doc: RecordingSummary; previous: RecordingSummary | undefined }): Promise<void> => {
  const tenant = relationId(doc.tenant) ?? null
  if (doc.generation?.state === 'written' && previous?.generation?.state !== 'written' && doc._status !== 'published') {
    await recordEvent(req, {
      type: 'summary.drafted',
      tenant,
      subject: { collection: RECORDING_SUMMARIES, id: doc.id },
      payload: { ...subjectOf(doc), liveClass: relationId(doc.liveClass)!, recording: relationId(doc.recording)!, keyPoints: doc.keyPoints?.length ?? 0, droppedKeyPoints: doc.generation.droppedKeyPoints ?? 0 },
    })
  }
  if (!(await isFirstPublication(req, RECORDING_SUMMARIES, doc, previous))) {
    return
  }
  await recordEvent(req, {
    type: 'summary.published',
    tenant,
    subject: { collection: RECORDING_SUMMARIES, id: doc.id },
    payload: { ...subjectOf(doc), title: typeof doc.title === 'string' ? doc.title : '', keyPoints: doc.keyPoints?.length ?? 0 },
  })
}
