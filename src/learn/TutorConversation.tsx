'use client'

import type { Citation } from '@/domain/ai/tutor/turn'

import React from 'react'

import { type LearnContext, learnHref } from './context'
import { STRINGS } from './strings'

/** One message of the conversation as shown; `streaming` while the tutor is still writing it. */
export type Turn = { key: string; role: 'student' | 'tutor'; text: string; citations: Citation[]; streaming?: boolean }

/**
 * The conversation, oldest first. Each message sets its own direction from its text, so an
 * English answer reads left to right on an Arabic page. Cited lessons link to their place on the course page.
 */
export const TutorConversation = ({ context, slug, turns }: { context: LearnContext; slug: string; turns: Turn[] }) => {
  const t = STRINGS[context.locale]
  if (turns.length === 0) {
    return <p className="muted">{t.noConversation}</p>
  }
  return (
    <ol className="tutor-conversation" aria-live="polite" data-testid="tutor-conversation">
      {turns.map((turn) => (
        <li key={turn.key} className={`tutor-message tutor-${turn.role}`} data-testid="tutor-message" data-role={turn.role} aria-busy={turn.streaming ? 'true' : undefined}>
          <strong>{turn.role === 'student' ? t.you : t.tutor}</strong>
          {turn.text ? <p dir="auto">{turn.text}</p> : null}
          {turn.streaming && !turn.text ? <p role="status">{t.tutorWriting}</p> : null}
          {turn.citations.length > 0 ? (
            <div className="tutor-citations" data-testid="citations">
              <span>{t.citedSources}:</span>
              <ul>
                {turn.citations.map((citation) => (
                  <li key={`${citation.kind}-${citation.id}`}>
                    {citation.kind === 'lesson' ? <a href={`${learnHref(`/learn/courses/${slug}`, context)}#lesson-${citation.id}`}>{citation.title}</a> : citation.title}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  )
}
