import type { CollectionBeforeChangeHook } from 'payload'

import type { RecordingSummary } from '@/payload-types'

import { ValidationError } from 'payload'

import { timestampOf } from '@/domain/ai/summaries/answer'
import { isBeingWritten } from '@/domain/ai/summaries/summarize'
import { RECORDING_SUMMARIES } from '@/shared/slugs'

/**
 * A summary is published, and stays, with a title and words, never while the AI is writing it; each
 * key point's timestamp follows its time, whoever edits it.
 */
export const checkSummaryRules: CollectionBeforeChangeHook<RecordingSummary> = async ({ data, originalDoc }) => {
  const merged = { ...originalDoc, ...data } as RecordingSummary
  // Published, or staying published: a summary students read has words.
  if ((data._status ?? originalDoc?._status) === 'published') {
    const problems: { path: string; message: string }[] = []
    if (!merged.title?.trim()) {
      problems.push({ path: 'title', message: 'A published summary needs a title.' })
    }
    if (!merged.summary?.trim()) {
      problems.push({ path: 'summary', message: 'A published summary needs its text.' })
    }
    if (isBeingWritten(merged.generation)) {
      problems.push({ path: 'summary', message: 'The AI is still writing this summary: publish it once it is written.' })
    }
    if (problems.length > 0) {
      throw new ValidationError({ collection: RECORDING_SUMMARIES, errors: problems })
    }
  }
  if (Array.isArray(data.keyPoints)) {
    data.keyPoints = data.keyPoints.map((point) => ({ ...point, timestamp: typeof point.at === 'number' ? timestampOf(Math.floor(point.at)) : point.timestamp }))
  }
  return data
}
