'use client'

import type { CatalogResult } from '@/domain/catalog/searchCatalog'

import React, { useCallback, useEffect, useRef, useState } from 'react'

import { callApi, type LearnContext, learnHref } from './context'
import { moneyText } from './moneyText'
import { STRINGS } from './strings'

// In the currency's own digits: cents for USD, none for JPY, three for KWD.
const price = (course: CatalogResult['docs'][number], free: string, locale: LearnContext['locale']) =>
  course.price ? moneyText(course.price.amount, course.price.currency, locale) : free

/** Search box, results and facet counts of the school's public catalog. */
export const Catalog = ({ context, initialQuery }: { context: LearnContext; initialQuery: string }) => {
  const t = STRINGS[context.locale]
  const [query, setQuery] = useState(initialQuery)
  const [result, setResult] = useState<CatalogResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [ready, setReady] = useState(false)
  // Answers may come back out of order (the first, unfiltered load can end after a search):
  // only the latest request's answer is shown.
  const latest = useRef(0)

  const run = useCallback(
    async (q: string) => {
      const request = ++latest.current
      const params = new URLSearchParams({ locale: context.locale, limit: '24', ...(q.trim() ? { q: q.trim() } : {}) })
      const { status, body } = await callApi<CatalogResult & { errors?: { message: string }[] }>(context, `/api/catalog?${params.toString()}`)
      if (request !== latest.current) {
        return
      }
      if (status === 200) {
        setResult(body)
        setError(null)
      } else {
        setError(body.errors?.[0]?.message ?? `Error ${status}`)
      }
    },
    [context],
  )

  useEffect(() => {
    setReady(true)
    void run(initialQuery)
  }, [run, initialQuery])

  return (
    <main>
      <h1>{t.catalog}</h1>
      {/* Without JavaScript (or before hydration) the form reloads the page with ?q=, which the page reads. */}
      <form
        role="search"
        method="get"
        data-ready={ready}
        onSubmit={(event) => {
          event.preventDefault()
          void run(query)
        }}
      >
        {context.school ? <input type="hidden" name="school" value={context.school} /> : null}
        <input type="hidden" name="locale" value={context.locale} />
        <input type="search" name="q" aria-label={t.search} placeholder={t.search} value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit">{t.searchButton}</button>
      </form>
      {error ? <p role="alert">{error}</p> : null}
      {result ? (
        <>
          <p data-testid="result-count">{t.results(result.totalDocs)}</p>
          {result.docs.length === 0 ? <p>{t.noResults}</p> : null}
          <ul className="course-list">
            {result.docs.map((course) => (
              <li key={course.id} data-testid="course-card">
                <h2>
                  <a href={learnHref(`/learn/courses/${course.slug}`, context)}>{course.title}</a>
                </h2>
                {course.summary ? <p>{course.summary}</p> : null}
                <p className="meta">
                  {[course.category?.name, course.level, price(course, t.free, context.locale)].filter(Boolean).join(' · ')}
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </main>
  )
}
