import type { PayloadRequest } from 'payload'

import type { Quiz, QuizAttempt } from '@/payload-types'

import { isFirstPublication } from '@/domain/events/firstPublication'
import { recordEvent } from '@/domain/events/recordEvent'
import { relationId } from '@/shared/relationId'
import { QUIZ_ATTEMPTS, QUIZZES } from '@/shared/slugs'

import { textIn } from './paper'

/** A quiz's first publication is an event (its students can take it); later edits are not. */
export const recordQuizEvents = async ({ req, doc, previous }: { req: PayloadRequest; doc: Quiz; previous: Quiz | undefined }): Promise<void> => {
  if (!(await isFirstPublication(req, QUIZZES, doc, previous))) {
    return
  }
  await recordEvent(req, {
    type: 'quiz.published',
    tenant: relationId(doc.tenant) ?? null,
    subject: { collection: QUIZZES, id: doc.id },
    payload: {
      quiz: doc.id,
      course: relationId(doc.course)!,
      title: typeof doc.title === 'string' ? doc.title : textIn(doc.title as Record<string, string>, 'en'),
      questionCount: doc.questionCount ?? 0,
      totalPoints: doc.totalPoints ?? 0,
      opensAt: doc.opensAt ?? null,
      closesAt: doc.closesAt ?? null,
    },
  })
}

/** Grading an attempt is an event, once: the attempt is graded only once. */
export const recordAttemptEvents = async ({ req, doc, previous }: { req: PayloadRequest; doc: QuizAttempt; previous: QuizAttempt | undefined }): Promise<void> => {
  if (doc.status !== 'graded' || previous?.status === 'graded') {
    return
  }
  await recordEvent(req, {
    type: 'quiz.attempt-graded',
    tenant: relationId(doc.tenant) ?? null,
    subject: { collection: QUIZ_ATTEMPTS, id: doc.id },
    payload: {
      attempt: doc.id,
      quiz: relationId(doc.quiz)!,
      course: relationId(doc.course)!,
      student: relationId(doc.student)!,
      number: doc.attempt,
      score: doc.score ?? 0,
      maxScore: doc.maxScore ?? 0,
      percent: doc.percent ?? 0,
      passed: doc.passed === true,
      closedBy: doc.closedBy ?? 'student',
      submittedAt: doc.submittedAt!,
    },
  })
}
