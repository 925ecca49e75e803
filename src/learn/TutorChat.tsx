'use client'

import type { Citation } from '@/domain/ai/tutor/turn'
import type { Course, TutorMessage } from '@/payload-types'

import React, { useCallback, useEffect, useState } from 'react'

import { askTutor, type TutorOutcome } from './askTutor'
import { callApi, type LearnContext, learnHref } from './context'
import { findCourse } from './findCourse'
import { type Strings, STRINGS } from './strings'
import { TutorConversation, type Turn } from './TutorConversation'

type Me = { user: { id: number } | null }
type List<T> = { docs?: T[] }

/** The most of the earlier conversation shown: the latest messages. */
const HISTORY = 100

const turnOf = (message: TutorMessage): Turn => ({
  key: String(message.id),
  role: message.role,
  text: message.text,
  citations: Array.isArray(message.citations) ? (message.citations as Citation[]) : [],
})

/**
 * A refusal in the student's words: the AI meter's own (budgets, rates, AI off, Gemini failing
 * midway) come in their language already; the endpoint's others, in English, are told by status.
 */
const refusalText = (outcome: Extract<TutorOutcome, { ok: false }>, course: Course, t: Strings): string => {
  const metered = outcome.reason !== undefined || outcome.status === 402 || outcome.status === 429 || (outcome.started && outcome.status !== 500)
  if (outcome.message && metered) {
    return outcome.message
  }
  switch (outcome.status) {
    case 400:
      return t.tutorQuestionInvalid
    case 401:
      return t.loginToAskTutor
    case 403:
      return course.tutorEnabled ? t.tutorStudentsOnly : t.tutorOff
    case 404:
      return t.courseNotFound
    case 503:
      return t.tutorUnavailable
    default:
      return t.tutorFailed
  }
}

/**
 * The course's AI tutor for its student: their conversation so far, a question box, and the
 * answer written out as it streams in, with the lessons it cites. One question at a time.
 */
export const TutorChat = ({ context, slug }: { context: LearnContext; slug: string }) => {
  const t = STRINGS[context.locale]
  const [course, setCourse] = useState<Course | null | undefined>(undefined)
  const [me, setMe] = useState<Me['user'] | undefined>(undefined)
  const [turns, setTurns] = useState<Turn[]>([])
  const [draft, setDraft] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    const [doc, who] = await Promise.all([findCourse(context, slug), callApi<Me>(context, '/api/users/me').then(({ body }) => body?.user ?? null)])
    if (doc && who) {
      // The person's own messages: the staff may read others' flagged ones, which are not this conversation.
      const query = `where[course][equals]=${doc.id}&where[person][equals]=${who.id}&sort=-createdAt&limit=${HISTORY}&depth=0`
      const history = (await callApi<List<TutorMessage>>(context, `/api/tutor-messages?${query}`)).body?.docs ?? []
      setTurns(history.reverse().map(turnOf))
    }
    setCourse(doc)
    setMe(who)
  }, [context, slug])

  useEffect(() => {
    void load()
  }, [load])

  if (course === undefined || me === undefined) {
    return <main aria-busy="true" />
  }
  const courseHref = learnHref(`/learn/courses/${slug}`, context)
  if (course === null) {
    return (
      <main>
        <p role="alert">{t.courseNotFound}</p>
        <a href={learnHref('/learn', context)}>{t.backToCatalog}</a>
      </main>
    )
  }

  const ask = async (event: React.FormEvent) => {
    event.preventDefault()
    const question = draft.trim()
    if (!question || busy) {
      return
    }
    setBusy(true)
    setError(null)
    const key = `new-${Date.now()}`
    const answerKey = `${key}-answer`
    const updateAnswer = (change: (turn: Turn) => Turn) => setTurns((all) => all.map((turn) => (turn.key === answerKey ? change(turn) : turn)))
    try {
      const outcome = await askTutor({
        context,
        courseId: course.id,
        message: question,
        onStart: () => {
          setDraft('')
          setTurns((all) => [...all, { key, role: 'student', text: question, citations: [] }, { key: answerKey, role: 'tutor', text: '', citations: [], streaming: true }])
        },
        onText: (text) => updateAnswer((turn) => ({ ...turn, text: turn.text + text })),
      })
      if (outcome.ok) {
        updateAnswer((turn) => ({ ...turn, streaming: false, citations: outcome.done.citations }))
      } else {
        setError(refusalText(outcome, course, t))
        // An answer that did not finish is not kept, nor its question: it goes back in the box to ask again.
        setTurns((all) => all.filter((turn) => turn.key !== key && turn.key !== answerKey))
        setDraft(question)
      }
    } catch {
      setError(t.tutorFailed)
      setTurns((all) => all.filter((turn) => turn.key !== key && turn.key !== answerKey))
      setDraft(question)
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="tutor">
      <a href={courseHref}>{t.backToCourse}</a>
      <h1>{t.tutorTitle}</h1>
      <p className="meta">{course.title}</p>
      <p>{t.tutorIntro}</p>
      {!me ? (
        <a href={learnHref('/learn/login', context, { next: `/learn/courses/${slug}/tutor` })}>{t.loginToAskTutor}</a>
      ) : (
        <>
          <TutorConversation context={context} slug={slug} turns={turns} />
          <form className="tutor-form" onSubmit={ask} aria-busy={busy}>
            <label>
              {t.yourQuestion}
              <textarea
                name="question"
                dir="auto"
                rows={3}
                maxLength={2000}
                required
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                onKeyDown={(e) => {
                  // Enter asks, Shift+Enter starts a new line.
                  if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                    e.preventDefault()
                    e.currentTarget.form?.requestSubmit()
                  }
                }}
              />
            </label>
            <button type="submit" disabled={busy}>
              {t.askButton}
            </button>
          </form>
          {error ? <p role="alert">{error}</p> : null}
        </>
      )}
    </main>
  )
}
