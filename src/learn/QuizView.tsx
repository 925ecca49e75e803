'use client'

import type { Quiz, QuizAttempt } from '@/payload-types'

import React, { useCallback, useEffect, useState } from 'react'

import { callApi, type LearnContext, learnHref } from './context'
import { QuizAttemptForm } from './QuizAttemptForm'
import { type AttemptView, attemptPaper, startAttempt } from './quizApi'
import { QuizResult } from './QuizResult'
import { STRINGS } from './strings'

type Me = { user: { id: number } | null }
type List<T> = { docs?: T[] }

/**
 * One quiz of a course for its student: what it is and their attempts so far; then an attempt
 * started (or resumed) and answered here, and its grade and review once handed in.
 */
export const QuizView = ({ context, slug, quizId }: { context: LearnContext; slug: string; quizId: number | null }) => {
  const t = STRINGS[context.locale]
  const [me, setMe] = useState<Me['user'] | undefined>(undefined)
  const [quiz, setQuiz] = useState<Quiz | null | undefined>(undefined)
  const [attempts, setAttempts] = useState<QuizAttempt[]>([])
  const [view, setView] = useState<AttemptView | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const load = useCallback(async () => {
    const who = (await callApi<Me>(context, '/api/users/me')).body?.user ?? null
    // Students read the quiz without its questions; a draft, or another course's, answers 404.
    const found = who && quizId !== null ? await callApi<Quiz>(context, `/api/quizzes/${quizId}?locale=${context.locale}&depth=0`) : null
    const doc = found?.status === 200 ? found.body : null
    if (who && doc) {
      const query = `where[quiz][equals]=${doc.id}&where[student][equals]=${who.id}&sort=-attempt&depth=0&limit=100`
      setAttempts((await callApi<List<QuizAttempt>>(context, `/api/quiz-attempts?${query}`)).body?.docs ?? [])
    }
    setQuiz(doc)
    setMe(who)
  }, [context, quizId])

  useEffect(() => {
    void load()
  }, [load])

  const courseHref = learnHref(`/learn/courses/${slug}`, context)
  if (me === undefined || quiz === undefined) {
    return <main aria-busy="true" />
  }
  if (!me) {
    return (
      <main>
        <a href={learnHref('/learn/login', context, { next: `/learn/courses/${slug}/quizzes/${quizId ?? ''}` })}>{t.loginToTakeQuiz}</a>
      </main>
    )
  }
  if (!quiz) {
    return (
      <main>
        <p role="alert">{t.quizNotFound}</p>
        <a href={courseHref}>{t.backToCourse}</a>
      </main>
    )
  }

  const act = async (work: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    setNotice(null)
    try {
      await work()
    } catch {
      setError(t.somethingWrong)
    } finally {
      setBusy(false)
    }
  }
  const start = () =>
    act(async () => {
      const result = await startAttempt(context, quiz.id)
      if (result.ok) {
        setView(result.body)
      } else {
        setError(result.status === 409 ? t.noAttemptsLeft : result.status === 403 ? t.quizNotOpen : result.status === 404 ? t.quizNotFound : t.somethingWrong)
      }
    })
  const review = (attemptId: number) =>
    act(async () => {
      const result = await attemptPaper(context, attemptId)
      if (result.ok) {
        setView(result.body)
      } else {
        setError(t.somethingWrong)
      }
    })

  const open = attempts.find((attempt) => attempt.status === 'in-progress')
  const closed = Boolean(quiz.closesAt && new Date(quiz.closesAt).getTime() <= Date.now())
  const mayStart = !open && !closed && attempts.length < quiz.maxAttempts
  const when = (iso: string) => new Intl.DateTimeFormat(context.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))

  let body: React.ReactNode
  if (view && 'grade' in view) {
    body = (
      <>
        <QuizResult context={context} view={view} />
        <button type="button" onClick={() => setView(null)}>
          {t.yourAttempts}
        </button>
      </>
    )
  } else if (view) {
    body = (
      <QuizAttemptForm
        context={context}
        view={view}
        onHandedIn={(graded, message) => {
          setView(graded)
          setNotice(message ?? null)
          void load()
        }}
      />
    )
  } else {
    body = (
      <>
        {quiz.description ? <p dir="auto">{quiz.description}</p> : null}
        <p className="meta" data-testid="quiz-facts">
          {t.questionCount(quiz.questionCount ?? 0)} · {t.timeLimit(quiz.timeLimitMinutes)} · {t.attemptsUsed(attempts.length, quiz.maxAttempts)}
        </p>
        {quiz.opensAt ? (
          <p className="meta">
            {t.opensOn}: <time dateTime={quiz.opensAt}>{when(quiz.opensAt)}</time>
          </p>
        ) : null}
        {quiz.closesAt ? (
          <p className="meta">
            {t.closesOn}: <time dateTime={quiz.closesAt}>{when(quiz.closesAt)}</time>
          </p>
        ) : null}
        {attempts.length > 0 ? (
          <section aria-label={t.yourAttempts}>
            <h2>{t.yourAttempts}</h2>
            <ul>
              {attempts.map((attempt) => (
                <li key={attempt.id} data-testid="quiz-attempt-row">
                  {t.attemptNumber(attempt.attempt)} ·{' '}
                  {attempt.status === 'graded' ? (
                    <>
                      {t.score(attempt.score ?? 0, attempt.maxScore ?? 0, attempt.percent ?? 0)}{' '}
                      <button type="button" disabled={busy} onClick={() => void review(attempt.id)}>
                        {t.reviewAttempt}
                      </button>
                    </>
                  ) : (
                    t.inProgress
                  )}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {open || mayStart ? (
          <button type="button" disabled={busy} onClick={() => void start()}>
            {open ? t.resumeQuiz : t.startQuiz}
          </button>
        ) : (
          <p>{closed ? t.quizNotOpen : t.noAttemptsLeft}</p>
        )}
      </>
    )
  }

  return (
    <main className="quiz">
      <a href={courseHref}>{t.backToCourse}</a>
      <h1>{quiz.title}</h1>
      {notice ? <p role="status">{notice}</p> : null}
      {body}
      {error ? <p role="alert">{error}</p> : null}
    </main>
  )
}
