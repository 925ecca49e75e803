'use client'

import React, { useState } from 'react'

import type { LearnContext } from './context'
import { QuizQuestion } from './QuizQuestion'
import { type AttemptView, attemptPaper, type Draft, type OpenView, saveAnswers, submitAttempt } from './quizApi'
import { STRINGS } from './strings'

/**
 * An attempt in progress: its questions, answers saved on demand and handed in. The server keeps
 * the time: past the deadline it hands the attempt in with what was saved, and the page shows
 * that graded attempt instead.
 */
export const QuizAttemptForm = ({ context, view, onHandedIn }: { context: LearnContext; view: OpenView; onHandedIn: (graded: AttemptView, notice?: string) => void }) => {
  const t = STRINGS[context.locale]
  const [draft, setDraft] = useState<Draft>(view.answers)
  const [busy, setBusy] = useState(false)
  const [saved, setSaved] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const id = view.attempt.id

  const timeUp = async () => {
    const paper = await attemptPaper(context, id)
    if (paper.ok) {
      onHandedIn(paper.body, t.timeUp)
    } else {
      setError(t.timeUp)
    }
  }

  /** Saves the draft; false when it could not be (the time is up, or it failed). */
  const save = async (): Promise<boolean> => {
    const result = await saveAnswers(context, id, draft)
    if (result.ok) {
      return true
    }
    if (result.status === 409) {
      await timeUp()
    } else {
      setError(t.somethingWrong)
    }
    return false
  }

  const run = async (work: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    setSaved(false)
    try {
      await work()
    } catch {
      setError(t.somethingWrong)
    } finally {
      setBusy(false)
    }
  }

  const handIn = (event: React.FormEvent) => {
    event.preventDefault()
    void run(async () => {
      // Saved first: a save clears the answers taken back, which a hand-in alone would keep.
      if (!(await save())) {
        return
      }
      const result = await submitAttempt(context, id, {})
      if (result.ok) {
        onHandedIn(result.body)
      } else {
        setError(t.somethingWrong)
      }
    })
  }

  const deadline = view.attempt.deadline
  return (
    <form className="quiz-attempt" onSubmit={handIn} aria-busy={busy} data-testid="quiz-attempt">
      {deadline ? (
        <p className="meta">
          {t.handInBy}: <time dateTime={deadline}>{new Intl.DateTimeFormat(context.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(deadline))}</time>
        </p>
      ) : null}
      {view.questions.map((question) => (
        <QuizQuestion
          key={question.id}
          question={question}
          value={draft[question.id]}
          t={t}
          onChange={(value) => {
            setSaved(false)
            setDraft((all) => ({ ...all, [question.id]: value }))
          }}
        />
      ))}
      <p className="buy-buttons">
        <button type="button" disabled={busy} onClick={() => void run(async () => setSaved(await save()))}>
          {t.saveAnswers}
        </button>
        <button type="submit" disabled={busy}>
          {t.handIn}
        </button>
      </p>
      {saved ? <p role="status">{t.answersSaved}</p> : null}
      {error ? <p role="alert">{error}</p> : null}
    </form>
  )
}
