'use client'

import type { ReviewedQuestion } from '@/domain/coursework/quizzes/paper'

import React from 'react'

import type { LearnContext } from './context'
import type { GradedView } from './quizApi'
import { type Strings, STRINGS } from './strings'

const EMPTY = '—'

/** An answer (or a key) in words: options by their text, true or false in the page's language. */
const answerText = (question: ReviewedQuestion, value: unknown, t: Strings, list: Intl.ListFormat): string => {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return EMPTY
  }
  if (typeof value === 'boolean') {
    return value ? t.trueLabel : t.falseLabel
  }
  const optionText = (id: string) => question.options?.find((option) => option.id === id)?.text ?? id
  const texts = (Array.isArray(value) ? value : [value]).map((item) => (question.type === 'short' ? String(item) : optionText(String(item))))
  return list.format(texts)
}

/** A graded attempt: the score and pass, then each question with the student's answer, and the key when the quiz's review policy shows it. */
export const QuizResult = ({ context, view }: { context: LearnContext; view: GradedView }) => {
  const t = STRINGS[context.locale]
  const { grade } = view
  const and = new Intl.ListFormat(context.locale, { type: 'conjunction' })
  // Any accepted answer of a short question is right.
  const or = new Intl.ListFormat(context.locale, { type: 'disjunction' })
  return (
    <section className="quiz-result" aria-label={t.quizResult} data-testid="quiz-result">
      <h2>{t.quizResult}</h2>
      <p className="quiz-score" data-testid="quiz-score">
        {t.score(grade.score, grade.maxScore, grade.percent)}
      </p>
      <p data-testid="quiz-passed" className={grade.passed ? 'verify-status verify-valid' : 'verify-status verify-revoked'}>
        {grade.passed ? t.passed : t.notPassed(grade.passPercent)}
      </p>
      {view.keyShown ? null : <p className="muted">{t.keyHidden}</p>}
      <ol className="quiz-review">
        {view.questions.map((question) => (
          <li key={question.id} data-testid="reviewed-question" data-outcome={question.outcome}>
            <h3>{t.questionHeading(question.number, question.points)}</h3>
            <p dir="auto">{question.prompt}</p>
            <p>
              {t.yourAnswer}: <span dir="auto">{answerText(question, question.answer, t, and)}</span>
            </p>
            <p>
              <strong>{t.outcomes[question.outcome]}</strong> · {t.points(question.awarded, question.points)}
            </p>
            {question.correct !== undefined ? (
              <p data-testid="correct-answer">
                {t.correctAnswer}: <span dir="auto">{answerText(question, question.correct, t, question.type === 'short' ? or : and)}</span>
              </p>
            ) : null}
            {question.explanation ? (
              <p>
                {t.explanation}: <span dir="auto">{question.explanation}</span>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  )
}
