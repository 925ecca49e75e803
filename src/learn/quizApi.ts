import type { attemptForReader } from '@/domain/coursework/quizzes/attempts'
import type { Answers } from '@/domain/coursework/quizzes/paper'

import { callApi, type LearnContext } from './context'

/** An attempt as the quiz endpoints answer it: in progress with its questions, or graded with its review. */
export type AttemptView = Awaited<ReturnType<typeof attemptForReader>>
export type GradedView = Extract<AttemptView, { grade: unknown }>
export type OpenView = Exclude<AttemptView, { grade: unknown }>

/** Answers as the student writes them; null clears one saved earlier. */
export type Draft = Record<string, Answers[string] | null>

/** An endpoint's answer: what it sent back, or its status and (English) message. */
export type QuizCall<T> = { ok: true; body: T } | { ok: false; status: number; message?: string }

type Errors = { errors?: { message?: string }[] }

const call = async <T>(context: LearnContext, path: string, init: RequestInit = {}): Promise<QuizCall<T>> => {
  const { status, body } = await callApi<T & Errors>(context, path, init)
  return status >= 200 && status < 300 ? { ok: true, body } : { ok: false, status, message: body?.errors?.[0]?.message }
}

const inLocale = (context: LearnContext) => `locale=${context.locale}`

/** Starts an attempt, or gets back the one in progress, with its questions in the page's language. */
export const startAttempt = (context: LearnContext, quizId: number) =>
  call<AttemptView & { resumed: boolean }>(context, `/api/quizzes/${quizId}/attempts?${inLocale(context)}`, { method: 'POST' })

/** An attempt as its student may see it now (its review once graded). */
export const attemptPaper = (context: LearnContext, attemptId: number) => call<AttemptView>(context, `/api/quiz-attempts/${attemptId}/paper?${inLocale(context)}`)

/** Keeps answers of an attempt in progress; 409 when its time is up (it was handed in with what was saved). */
export const saveAnswers = (context: LearnContext, attemptId: number, answers: Draft) =>
  call<{ answers: Answers }>(context, `/api/quiz-attempts/${attemptId}/answers`, { method: 'PUT', body: JSON.stringify({ answers }) })

/** Hands an attempt in with its last answers: graded at once. */
export const submitAttempt = (context: LearnContext, attemptId: number, answers: Draft) =>
  call<AttemptView>(context, `/api/quiz-attempts/${attemptId}/submit?${inLocale(context)}`, { method: 'POST', body: JSON.stringify({ answers }) })
