'use client'

import type { RecordingSummary } from '@/payload-types'

import React, { useEffect, useState } from 'react'

import { callApi, type LearnContext } from './context'
import { STRINGS } from './strings'

/** The published summaries of the course's recorded classes, newest first, with their timed key points. */
export const ClassSummaries = ({ context, courseId }: { context: LearnContext; courseId: number }) => {
  const t = STRINGS[context.locale]
  const [summaries, setSummaries] = useState<RecordingSummary[]>([])

  useEffect(() => {
    void (async () => {
      const query = `where[course][equals]=${courseId}&where[_status][equals]=published&sort=-createdAt&depth=0&limit=50&locale=${context.locale}`
      setSummaries((await callApi<{ docs?: RecordingSummary[] }>(context, `/api/recording-summaries?${query}`)).body?.docs ?? [])
    })()
  }, [context, courseId])

  if (summaries.length === 0) {
    return null
  }
  return (
    <section aria-label={t.classSummaries} data-testid="class-summaries">
      <h2>{t.classSummaries}</h2>
      {summaries.map((summary) => (
        <article key={summary.id} data-testid="class-summary">
          <h3>{summary.title}</h3>
          <p>{summary.summary}</p>
          {(summary.keyPoints ?? []).length > 0 ? (
            <ul aria-label={t.keyPoints}>
              {summary.keyPoints!.map((point) => (
                <li key={point.id}>
                  <time dir="ltr">{point.timestamp}</time> {point.text}
                </li>
              ))}
            </ul>
          ) : null}
        </article>
      ))}
    </section>
  )
}
