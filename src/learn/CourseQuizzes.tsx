'use client'

import type { Quiz, QuizAttempt } from '@/payload-types'

import React, { useEffect, useState } from 'react'

import { callApi, type LearnContext, learnHref } from './context'
import { STRINGS } from './strings'

type List<T> = { docs?: T[] }

/** A course's published quizzes for its student, each with their attempts so far and best result. */
export const CourseQuizzes = ({ context, courseId, slug, userId }: { context: LearnContext; courseId: number; slug: string; userId: number }) => {
  const t = STRINGS[context.locale]
  const [quizzes, setQuizzes] = useState<Quiz[]>([])
  const [attempts, setAttempts] = useState<QuizAttempt[]>([])

  useEffect(() => {
    void (async () => {
      // The course's staff would also see drafts here: only what students take is listed.
      const query = `where[course][equals]=${courseId}&where[_status][equals]=published&sort=createdAt&depth=0&limit=100&locale=${context.locale}`
      setQuizzes((await callApi<List<Quiz>>(context, `/api/quizzes?${query}`)).body?.docs ?? [])
      const mine = `where[course][equals]=${courseId}&where[student][equals]=${userId}&depth=0&limit=500`
      setAttempts((await callApi<List<QuizAttempt>>(context, `/api/quiz-attempts?${mine}`)).body?.docs ?? [])
    })()
  }, [context, courseId, userId])

  if (quizzes.length === 0) {
    return null
  }
  return (
    <section aria-label={t.quizzes} data-testid="quizzes">
      <h2>{t.quizzes}</h2>
      <ul>
        {quizzes.map((quiz) => {
          const own = attempts.filter((attempt) => attempt.quiz === quiz.id)
          const graded = own.filter((attempt) => attempt.status === 'graded')
          const best = graded.length > 0 ? Math.max(...graded.map((attempt) => attempt.percent ?? 0)) : null
          return (
            <li key={quiz.id} data-testid="quiz">
              <a href={learnHref(`/learn/courses/${slug}/quizzes/${quiz.id}`, context)}>{quiz.title}</a>
              <span className="meta">
                {' '}
                · {t.questionCount(quiz.questionCount ?? 0)} · {t.timeLimit(quiz.timeLimitMinutes)} · {t.attemptsUsed(own.length, quiz.maxAttempts)}
                {best !== null ? ` · ${t.bestScore(best)}` : null}
              </span>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
