import type { PayloadRequest } from 'payload'

import type { Quiz, QuizAttempt } from '@/payload-types'

import { enrollmentOf } from '@/domain/enrollment/enrollmentOf'
import { refreshCompletion } from '@/domain/enrollment/completion'
import { LEARNING } from '@/domain/enrollment/status'
import { isCourseStaff } from '@/domain/identity/staff'
import { inTransaction, LOCKS, lockFor, readingIn } from '@/services/database/transactions'
import { conflict, forbidden, notFound } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { QUIZ_ATTEMPTS, QUIZZES } from '@/shared/slugs'

import { type Answers, buildPaper, checkAnswers, type Grade, gradePaper, type Paper, reviewPaper, studentQuestions, textIn } from './paper'

/** Time allowed past the deadline for an answer already on its way (a slow network, a click at the last second). */
export const GRACE_MS = 30_000

type Person = { id: number; email?: string }

const day = (iso: string): string => iso.slice(0, 10)

const expired = (attempt: Pick<QuizAttempt, 'deadline'>, now: Date): boolean => Boolean(attempt.deadline) && now.getTime() > new Date(attempt.deadline!).getTime() + GRACE_MS

const paperOf = (attempt: QuizAttempt): Paper => attempt.paper as unknown as Paper

const readAttempt = (req: PayloadRequest, id: number): Promise<QuizAttempt | null> =>
  req.payload.findByID({ collection: QUIZ_ATTEMPTS, id, depth: 0, overrideAccess: true, disableErrors: true, req }) as Promise<QuizAttempt | null>

/** Grades an attempt in the caller's transaction: its points, percentage and pass, and the answers it was graded on. */
const grade = async (req: PayloadRequest, attempt: QuizAttempt, answers: Answers, closedBy: 'student' | 'time-limit', now: Date): Promise<QuizAttempt> => {
  const result: Grade = gradePaper(paperOf(attempt), answers)
  return (await req.payload.update({
    collection: QUIZ_ATTEMPTS,
    id: attempt.id,
    data: {
      status: 'graded',
      closedBy,
      answers,
      results: result.results,
      score: result.score,
      maxScore: result.maxScore,
      percent: result.percent,
      passed: result.passed,
      // An attempt closed by its time limit was handed in at its deadline, with what was saved by then.
      submittedAt: closedBy === 'time-limit' ? attempt.deadline! : now.toISOString(),
    },
    depth: 0,
    overrideAccess: true,
    req,
  })) as QuizAttempt
}

/**
 * Runs `work` on an attempt under its lock, in a transaction, as read inside it. Only its
 * student may act on it; to anyone else it does not exist.
 */
const withAttempt = async <T>(req: PayloadRequest, id: number, student: number | null, work: (attempt: QuizAttempt) => Promise<T>): Promise<T> =>
  inTransaction(req, async () => {
    await lockFor(req, LOCKS.quizAttempt, id)
    const attempt = await readAttempt(req, id)
    if (!attempt || (student !== null && relationId(attempt.student) !== student)) {
      throw notFound('No such quiz attempt.')
    }
    return work(attempt)
  })

/** Closes one attempt whose time ran out, grading what was saved before; false when it was closed already. */
const closeExpired = async (req: PayloadRequest, id: number, now: Date): Promise<boolean> => {
  const closed = await withAttempt(req, id, null, async (attempt) => {
    if (attempt.status !== 'in-progress' || !expired(attempt, now)) {
      return null
    }
    return grade(req, attempt, (attempt.answers as Answers | null) ?? {}, 'time-limit', now)
  })
  if (closed) {
    await refreshCompletion(req, relationId(closed.course)!, relationId(closed.student)!)
  }
  return closed !== null
}

/** Closes the attempts whose time ran out (the hourly sweep, or before a student starts another); the number closed. */
export const closeExpiredAttempts = async (req: PayloadRequest, scope: { quiz?: number; student?: number } = {}, now = new Date()): Promise<number> => {
  const overdue = await req.payload.find({
    collection: QUIZ_ATTEMPTS,
    where: {
      and: [
        { status: { equals: 'in-progress' } },
        { deadline: { less_than: new Date(now.getTime() - GRACE_MS).toISOString() } },
        ...(scope.quiz ? [{ quiz: { equals: scope.quiz } }] : []),
        ...(scope.student ? [{ student: { equals: scope.student } }] : []),
      ],
    },
    limit: 500,
    depth: 0,
    select: {},
    overrideAccess: true,
    req,
  })
  let closed = 0
  for (const { id } of overdue.docs) {
    closed += (await closeExpired(req, id, now)) ? 1 : 0
  }
  return closed
}

/**
 * A student starts an attempt at a quiz they can read (the caller checked it), or resumes the
 * one they have in progress. They must be actively enrolled, the quiz open, and an attempt left.
 * The attempt's deadline is its time limit from now, and never past the quiz's closing.
 */
export const startAttempt = async (req: PayloadRequest, person: Person, quiz: Quiz): Promise<{ attempt: QuizAttempt; resumed: boolean }> => {
  const courseId = relationId(quiz.course)!
  const enrollment = await enrollmentOf(req, person.id, courseId)
  // A student who completed the course may still take (or retake) its quizzes.
  if (!enrollment || !LEARNING.includes(enrollment.status)) {
    throw forbidden('Only students enrolled in the course can take its quizzes.')
  }
  const now = new Date()
  if (quiz.opensAt && new Date(quiz.opensAt) > now) {
    throw forbidden(`This quiz opens on ${day(quiz.opensAt)}.`)
  }
  await closeExpiredAttempts(req, { quiz: quiz.id, student: person.id }, now)
  return inTransaction(req, async () => {
    // Attempts are counted and numbered under the student's lock: two clicks start one attempt.
    await lockFor(req, LOCKS.quizStudent, person.id)
    const previous = (
      await req.payload.find({
        collection: QUIZ_ATTEMPTS,
        where: { and: [{ quiz: { equals: quiz.id } }, { student: { equals: person.id } }] },
        sort: '-attempt',
        pagination: false,
        depth: 0,
        overrideAccess: true,
        req,
      })
    ).docs as QuizAttempt[]
    const open = previous.find((a) => a.status === 'in-progress')
    if (open) {
      return { attempt: open, resumed: true }
    }
    if (quiz.closesAt && new Date(quiz.closesAt) <= now) {
      throw forbidden(`This quiz closed on ${day(quiz.closesAt)}.`)
    }
    if (previous.length >= quiz.maxAttempts) {
      throw conflict(`You have used all ${quiz.maxAttempts} attempt(s) of this quiz.`)
    }
    // Every language's text and the answers, which the student's read of the quiz leaves out.
    const full = await req.payload.findByID({ collection: QUIZZES, id: quiz.id, locale: 'all', depth: 0, overrideAccess: true, req: await readingIn(req, 'all') })
    const paper = buildPaper(full as never)
    if (paper.questions.length === 0) {
      throw conflict('This quiz has no questions yet.')
    }
    const limitEnds = quiz.timeLimitMinutes ? now.getTime() + quiz.timeLimitMinutes * 60_000 : Infinity
    const closes = quiz.closesAt ? new Date(quiz.closesAt).getTime() : Infinity
    const deadline = Math.min(limitEnds, closes)
    const number = (previous[0]?.attempt ?? 0) + 1
    const attempt = (await req.payload.create({
      collection: QUIZ_ATTEMPTS,
      data: {
        title: `${person.email ?? person.id} — ${textIn(full.title as never, 'en')} — attempt ${number}`.slice(0, 300),
        quiz: quiz.id,
        course: courseId,
        student: person.id,
        tenant: relationId(quiz.tenant)!,
        attempt: number,
        status: 'in-progress',
        startedAt: now.toISOString(),
        deadline: Number.isFinite(deadline) ? new Date(deadline).toISOString() : null,
        answers: {},
        paper: paper as never,
      },
      depth: 0,
      overrideAccess: true,
      req,
    })) as QuizAttempt
    return { attempt, resumed: false }
  })
}

export type SaveOutcome = { attempt: QuizAttempt; timeUp: boolean }

/** Keeps answers of an attempt in progress (a later save of a question replaces the earlier; null clears it). Past the deadline the attempt is closed instead. */
export const saveAnswers = async (req: PayloadRequest, person: Person, id: number, input: unknown): Promise<SaveOutcome> => {
  const now = new Date()
  const outcome = await withAttempt(req, id, person.id, async (attempt): Promise<SaveOutcome> => {
    if (attempt.status !== 'in-progress') {
      throw conflict('This attempt was handed in already.')
    }
    const saved = (attempt.answers as Answers | null) ?? {}
    if (expired(attempt, now)) {
      return { attempt: await grade(req, attempt, saved, 'time-limit', now), timeUp: true }
    }
    const given = checkAnswers(paperOf(attempt), input)
    const cleared = Object.entries((input ?? {}) as Record<string, unknown>).filter(([, v]) => v === null).map(([k]) => k)
    const answers = Object.fromEntries(Object.entries({ ...saved, ...given }).filter(([k]) => !cleared.includes(k)))
    const updated = (await req.payload.update({ collection: QUIZ_ATTEMPTS, id, data: { answers }, depth: 0, overrideAccess: true, req })) as QuizAttempt
    return { attempt: updated, timeUp: false }
  })
  if (outcome.timeUp) {
    await refreshCompletion(req, relationId(outcome.attempt.course)!, person.id)
  }
  return outcome
}

export type SubmitOutcome = { attempt: QuizAttempt; already: boolean; timeUp: boolean }

/**
 * Hands in an attempt with its last answers, and grades it. Handed in twice, it is graded once
 * (the second answer is the first grade). Past its deadline, the answers sent now are not taken:
 * it is graded on those saved in time.
 */
export const submitAttempt = async (req: PayloadRequest, person: Person, id: number, input: unknown): Promise<SubmitOutcome> => {
  const now = new Date()
  const outcome = await withAttempt(req, id, person.id, async (attempt): Promise<SubmitOutcome> => {
    if (attempt.status !== 'in-progress') {
      return { attempt, already: true, timeUp: false }
    }
    const saved = (attempt.answers as Answers | null) ?? {}
    if (expired(attempt, now)) {
      return { attempt: await grade(req, attempt, saved, 'time-limit', now), already: false, timeUp: true }
    }
    const given = checkAnswers(paperOf(attempt), input)
    return { attempt: await grade(req, attempt, { ...saved, ...given }, 'student', now), already: false, timeUp: false }
  })
  if (!outcome.already) {
    await refreshCompletion(req, relationId(outcome.attempt.course)!, person.id)
  }
  return outcome
}

/** Whether a student may see a graded attempt's correct answers and explanations, as the quiz's review policy says. */
const mayReview = async (req: PayloadRequest, attempt: QuizAttempt, quiz: Pick<Quiz, 'maxAttempts' | 'closesAt'> | null): Promise<boolean> => {
  const paper = paperOf(attempt)
  if (paper.review === 'after-attempt') {
    return true
  }
  if (paper.review === 'score-only' || !quiz) {
    return false
  }
  const mine = await req.payload.find({
    collection: QUIZ_ATTEMPTS,
    where: { and: [{ quiz: { equals: relationId(attempt.quiz) } }, { student: { equals: relationId(attempt.student) } }] },
    select: { status: true },
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  // Never while the student has an attempt that still takes answers.
  if (mine.docs.some((a) => a.status === 'in-progress')) {
    return false
  }
  // Once closed, and past the grace any attempt ending at the closing still has, for everyone.
  if (quiz.closesAt && new Date(quiz.closesAt).getTime() + GRACE_MS <= Date.now()) {
    return true
  }
  return mine.docs.length >= quiz.maxAttempts
}

/**
 * An attempt as its student sees it: in progress, its questions (never the answers) and the
 * answers saved so far; graded, the grade and a review with the key when the quiz's review
 * policy allows. The course's staff always see the key.
 */
export const attemptForReader = async (req: PayloadRequest, readable: QuizAttempt, locale: string | undefined) => {
  // The reader's own read of the attempt leaves its paper out: it is read here, for them.
  const attempt = readable.paper ? readable : ((await readAttempt(req, readable.id)) ?? readable)
  const reader = await readingIn(req, locale ?? 'en')
  const quiz = (await req.payload.findByID({ collection: QUIZZES, id: relationId(attempt.quiz)!, depth: 0, select: { title: true, maxAttempts: true, closesAt: true }, overrideAccess: true, disableErrors: true, req: reader })) as Pick<Quiz, 'id' | 'title' | 'maxAttempts' | 'closesAt'> | null
  const paper = paperOf(attempt)
  const answers = (attempt.answers as Answers | null) ?? {}
  const head = {
    attempt: { id: attempt.id, number: attempt.attempt, status: attempt.status, startedAt: attempt.startedAt, deadline: attempt.deadline ?? null, submittedAt: attempt.submittedAt ?? null, closedBy: attempt.closedBy ?? null },
    quiz: quiz ? { id: quiz.id, title: quiz.title } : null,
  }
  if (attempt.status === 'in-progress') {
    return { ...head, questions: studentQuestions(paper, locale), answers }
  }
  const staff = req.user && relationId(attempt.student) !== req.user.id && (await isCourseStaff(req, { tenant: attempt.tenant, course: relationId(attempt.course) }))
  const withKey = Boolean(staff) || (await mayReview(req, attempt, quiz))
  return {
    ...head,
    grade: { score: attempt.score ?? 0, maxScore: attempt.maxScore ?? 0, percent: attempt.percent ?? 0, passed: attempt.passed === true, passPercent: paper.passPercent },
    keyShown: withKey,
    questions: reviewPaper(paper, answers, { results: (attempt.results as Grade['results'] | null) ?? [] }, locale, withKey),
  }
}
