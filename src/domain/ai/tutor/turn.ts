import type { PayloadRequest } from 'payload'

import type { Course } from '@/payload-types'

import { recordEvent } from '@/domain/events/recordEvent'
import { configuredGemini, type GeminiClient, type GeminiRequest } from '@/services/gemini'
import { sql } from '@payloadcms/db-postgres'

import { inTransaction, sqlHandle } from '@/services/database/transactions'
import { forbidden, invalid, unavailable } from '@/shared/domainError'
import type { PhaseTimer } from '@/shared/phaseTimer'
import { relationId } from '@/shared/relationId'
import { TUTOR_MESSAGES } from '@/shared/slugs'

import { type Admitted, checkRequest, type Refusal, reserveCall, runAdmitted } from '../meter'
import { turnContext } from './context'
import { flagsOf, type TutorFlag } from './flags'
import { tutorMessages, tutorSystemPrompt } from './prompt'
import { type Passage, retrievePassages } from './retrieval'

/** The longest question a student may ask at once. */
export const MAX_QUESTION_CHARS = 2000
/** Earlier messages of the conversation sent with a question. */
const HISTORY = 10
/** The most an answer may cost in output (thinking included). */
const MAX_ANSWER_TOKENS = 1024

type Person = { id: number }
/** What a turn reads of the course through Payload (its access checked); the rest it reads in the database. */
export type TutorCourse = Pick<Course, 'id' | 'tenant' | 'tutorEnabled'>

export type Citation = { kind: 'lesson' | 'summary'; id: string; title: string }

/** A tutor turn ready to run: admitted under the school's limits, with what it will store. */
export type PreparedTurn = {
  client: GeminiClient
  admitted: Admitted
  request: GeminiRequest
  passages: Passage[]
  question: string
  /** The student's message when a flag made it be stored at once. */
  stored: { id: number; createdAt: string } | null
  flags: TutorFlag[]
  course: TutorCourse
  person: Person
  locale: string
}

const LOCALES = new Set(['en', 'ar', 'so'])

type NewMessage = { tenant: number; person: number; course: number; role: 'student' | 'tutor'; text: string; locale: string; citations?: Citation[]; flag?: TutorFlag; ledger?: number }

/**
 * Writes messages of a conversation with one statement (in the caller's transaction, if any): the
 * collection is a record written by the tutor alone (no hooks, not audited), and this sits on
 * every turn. Later messages get later times, so the conversation reads back in order.
 */
const storeMessages = async (req: PayloadRequest, messages: NewMessage[]): Promise<{ id: number; createdAt: string }[]> => {
  const db = await sqlHandle(req)
  const at = Date.now()
  const rows = messages.map(
    (m, i) =>
      sql`(${m.tenant}, ${m.person}, ${m.course}, ${m.role}, ${m.text}, ${m.locale}, ${m.citations ? JSON.stringify(m.citations) : null}::jsonb, ${m.flag ?? null}, ${m.ledger ?? null}, ${new Date(at + i).toISOString()}::timestamptz, ${new Date(at + i).toISOString()}::timestamptz)`,
  )
  const { rows: stored } = await db.execute<{ id: number; created_at: string }>(sql`
    insert into tutor_messages (tenant_id, person_id, course_id, role, text, locale, citations, flag, ledger, created_at, updated_at)
    values ${sql.join(rows, sql`, `)} returning id, created_at`)
  return stored.map((row) => ({ id: row.id, createdAt: new Date(row.created_at).toISOString() }))
}

/**
 * Everything before the answer: the question checked, the course's tutor on, the student
 * actively enrolled, a flagged question stored and told to the course's staff at once, the
 * lessons that answer it found, and the call admitted under the school's limits. A refusal (a
 * rate, a budget) is returned for the caller to answer before any answer starts.
 */
export const prepareTurn = async (req: PayloadRequest, person: Person, course: TutorCourse, input: { message?: unknown; locale?: unknown }, timer?: PhaseTimer): Promise<{ ok: true; turn: PreparedTurn } | { ok: false; refusal: Refusal }> => {
  const question = typeof input.message === 'string' ? input.message.trim() : ''
  if (question === '') {
    throw invalid('Ask a question: {"message": "…"}.', { field: 'message', collection: TUTOR_MESSAGES })
  }
  if (question.length > MAX_QUESTION_CHARS) {
    throw invalid(`A question is at most ${MAX_QUESTION_CHARS} characters.`, { field: 'message', collection: TUTOR_MESSAGES })
  }
  const asked = typeof input.locale === 'string' ? input.locale : req.locale
  const locale = asked && LOCALES.has(asked) ? asked : 'en'
  if (!course.tutorEnabled) {
    throw forbidden('The tutor is not turned on for this course.')
  }
  // Read before a flagged question is kept: the history is the conversation before it.
  const context = await turnContext(req, { course: course.id, person: person.id, locale, history: HISTORY })
  timer?.lap('context')
  if (context.enrollment?.status !== 'active') {
    throw forbidden('The tutor answers students actively enrolled in the course.')
  }
  const client = configuredGemini()
  if (!client) {
    throw unavailable('The AI tutor is not set up on this server.')
  }
  const tenant = relationId(course.tenant)!
  const caller = { tenant, person: person.id, feature: 'tutor' as const, course: course.id, locale }
  // The feature on and the request within its rates before anything is kept, a flagged question included.
  const checked = await checkRequest(req, caller, timer)
  if (!checked.ok) {
    return checked
  }
  const flags = flagsOf(question)
  // A question that should be seen is kept and told at once, whatever happens to its answer.
  const stored = flags.length === 0 ? null : await inTransaction(req, async () => {
    const [message] = (await storeMessages(req, [{ tenant, person: person.id, course: course.id, role: 'student', text: question, locale, flag: flags[0]! }])) as [{ id: number; createdAt: string }]
    await recordEvent(req, {
      type: 'tutor.message-flagged',
      tenant,
      subject: { collection: TUTOR_MESSAGES, id: message.id },
      payload: { message: message.id, course: course.id, student: person.id, flag: flags[0]!, at: message.createdAt },
    })
    return message
  })
  const passages = await retrievePassages(req, { course: course.id, question, locale, activatedAt: context.enrollment.activatedAt ?? null })
  timer?.lap('retrieval')
  const request: GeminiRequest = {
    system: tutorSystemPrompt({ courseTitle: context.courseTitle, locale, passages, openWork: context.openWork, flags }),
    messages: tutorMessages(context.history, question),
    maxOutputTokens: MAX_ANSWER_TOKENS,
    temperature: 0.4,
  }
  const admission = await reserveCall(req, client, caller, request, checked.limits, timer)
  if (!admission.ok) {
    return admission
  }
  return { ok: true, turn: { client, admitted: admission.admitted, request, passages, question, stored, flags, course, person, locale } }
}

/** The passages an answer cites by number ([2]), or all it was given when it cites none. */
export const citationsOf = (answer: string, passages: Passage[]): Citation[] => {
  const cited = new Set([...answer.matchAll(/\[(\d{1,2})\]/g)].map((m) => Number(m[1]) - 1))
  const used = passages.filter((_, i) => cited.has(i))
  return (used.length > 0 ? used : passages).map((p) => ({ kind: p.kind, id: p.id, title: p.title }))
}

export type TurnResult = { ok: true; answer: number; question: number; citations: Citation[] } | { ok: false; refusal: Refusal }

/** Runs a prepared turn (streamed to `onText`) and keeps the question and its answer in the conversation. */
export const runTurn = async (req: PayloadRequest, turn: PreparedTurn, onText: (text: string) => void, signal?: AbortSignal, timer?: PhaseTimer): Promise<TurnResult> => {
  const result = await runAdmitted(req, turn.client, turn.admitted, { ...turn.request, signal }, onText, timer)
  if (!result.ok) {
    return result
  }
  const citations = citationsOf(result.result.text, turn.passages)
  const tenant = relationId(turn.course.tenant)!
  const base = { tenant, person: turn.person.id, course: turn.course.id, locale: turn.locale }
  const answer: NewMessage = { ...base, role: 'tutor', text: result.result.text.slice(0, 20_000) || '…', citations, ledger: result.ledger }
  // One statement: the question and its answer land together or not at all.
  const stored = await storeMessages(req, turn.stored ? [answer] : [{ ...base, role: 'student', text: turn.question }, answer])
  timer?.lap('store')
  return { ok: true, question: turn.stored?.id ?? stored[0]!.id, answer: stored.at(-1)!.id, citations }
}
