import type { TurnResult } from '@/domain/ai/tutor/turn'

import { fetchApi, type LearnContext } from './context'
import { readEvents } from './readEvents'

/** What the `done` event says: the stored question and answer, and the lessons the answer cites. */
export type TutorDone = Omit<Extract<TurnResult, { ok: true }>, 'ok'>

/**
 * How a turn ended. Refused before the answer began, `reason` is set for the AI meter's refusals
 * (a budget, a rate, AI off), whose `message` is already in the student's language.
 */
export type TutorOutcome = { ok: true; done: TutorDone } | { ok: false; status: number; message?: string; reason?: string; started: boolean }

type Refusal = { errors?: { message?: string; data?: { reason?: string } }[] }

/**
 * Asks the course's tutor one question and follows its answer as it streams: `onStart` once the
 * answer begins, `onText` with each piece of it.
 */
export const askTutor = async ({
  context,
  courseId,
  message,
  onStart,
  onText,
}: {
  context: LearnContext
  courseId: number
  message: string
  onStart: () => void
  onText: (text: string) => void
}): Promise<TutorOutcome> => {
  const response = await fetchApi(context, `/api/courses/${courseId}/tutor`, { method: 'POST', body: JSON.stringify({ message, locale: context.locale }) })
  if (!response.ok || !response.body || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const refusal = (await response.json().catch(() => null)) as Refusal | null
    const error = refusal?.errors?.[0]
    return { ok: false, status: response.status, message: error?.message, reason: error?.data?.reason, started: false }
  }
  onStart()
  let outcome: TutorOutcome = { ok: false, status: 500, started: true }
  await readEvents(response.body, ({ event, data }) => {
    const fields = (data ?? {}) as Record<string, unknown>
    if (event === 'delta' && typeof fields.text === 'string') {
      onText(fields.text)
    } else if (event === 'done') {
      outcome = { ok: true, done: data as TutorDone }
    } else if (event === 'error') {
      outcome = { ok: false, status: Number(fields.status) || 500, message: typeof fields.message === 'string' ? fields.message : undefined, started: true }
    }
  })
  // A stream that ends with neither `done` nor `error` was cut off: the answer was not finished.
  return outcome
}
