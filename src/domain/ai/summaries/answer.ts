import { z } from 'zod'

import { LOCALES, type LocaleCode } from '@/i18n/locales'
import { withoutControls } from '@/shared/withoutControls'

/** Text in each of the app's languages, as the model is asked to write it. */
const localizedSchema = {
  type: 'object',
  properties: Object.fromEntries(LOCALES.map(({ code, label }) => [code, { type: 'string', description: `In ${label}.` }])),
  required: LOCALES.map(({ code }) => code),
}

/** Gemini's structured output for a class summary (JSON Schema, as `responseJsonSchema` takes it). */
export const SUMMARY_JSON_SCHEMA = {
  type: 'object',
  properties: {
    title: { ...localizedSchema, description: 'A short title naming what the class covered.' },
    summary: { ...localizedSchema, description: 'What the class covered, in three to six sentences.' },
    keyPoints: {
      type: 'array',
      description: 'The main points, in the order they came up.',
      items: {
        type: 'object',
        properties: { at: { type: 'integer', minimum: 0, description: 'Seconds from the start of the recording where the point is made.' }, text: localizedSchema },
        required: ['at', 'text'],
      },
    },
  },
  required: ['title', 'summary', 'keyPoints'],
} as const

export type Localized = Partial<Record<LocaleCode, string>>
export type KeyPoint = { at: number; text: Localized }
export type SummaryDraft = { title: Localized; summary: Localized; keyPoints: KeyPoint[]; dropped: number }

const MAX_KEY_POINTS = 20

const clean = (value: unknown, max: number): string | undefined => {
  const text = typeof value === 'string' ? withoutControls(value).trim() : ''
  return text === '' ? undefined : text.slice(0, max)
}

/** Text per locale, English required (the others fall back to it when the model left them out). */
const localized = (max: number) =>
  z
    .record(z.string(), z.unknown())
    .transform((value) => Object.fromEntries(LOCALES.flatMap(({ code }) => (clean(value[code], max) ? [[code, clean(value[code], max)!]] : []))) as Localized)
    .refine((value) => value.en !== undefined, 'no English text')

const keyPointSchema = (lastSecond: number) =>
  z.object({
    // Within the recording, and a day at most (the field's own limit).
    at: z.number().int().min(0).max(Math.min(lastSecond, 86_400)),
    text: localized(1000),
  })

const summarySchema = z.object({ title: localized(200), summary: localized(20_000), keyPoints: z.array(z.unknown()) })

/** The last time said in a transcript (`[hh:mm:ss]` at the start of its lines), in seconds. */
export const transcriptEnd = (transcript: string): number => {
  let last = 0
  for (const match of transcript.matchAll(/^\[(\d+):(\d{2}):(\d{2})\]/gm)) {
    last = Math.max(last, Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]))
  }
  return last
}

/**
 * The model's answer as a summary to keep, or why it cannot be kept. A title and a summary in
 * English are needed; each key point needs English text and a time within the recording (a
 * minute's slack for the last cue's length); the others are dropped and counted.
 */
export const readSummaryAnswer = (text: string, transcript: string): { ok: true; draft: SummaryDraft } | { ok: false; error: string } => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, error: 'The model’s answer was not JSON.' }
  }
  const parsed = summarySchema.safeParse(json)
  if (!parsed.success) {
    return { ok: false, error: `The model’s answer had no usable title or summary (${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}).` }
  }
  const pointSchema = keyPointSchema(transcriptEnd(transcript) + 60)
  const keyPoints: KeyPoint[] = []
  let dropped = 0
  for (const item of parsed.data.keyPoints) {
    const point = pointSchema.safeParse(item)
    if (point.success && keyPoints.length < MAX_KEY_POINTS) {
      keyPoints.push(point.data)
    } else {
      dropped++
    }
  }
  keyPoints.sort((a, b) => a.at - b.at)
  return { ok: true, draft: { title: parsed.data.title, summary: parsed.data.summary, keyPoints, dropped } }
}

/** Seconds as the timestamp people read: `m:ss`, or `h:mm:ss` past the hour. */
export const timestampOf = (seconds: number): string => {
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = String(seconds % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}
