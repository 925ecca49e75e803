import type { BenchRequest } from '../shared/load'

import { TENANT_COUNT, tenantSlug } from './seed'
import { SEARCH_WORDS } from './vocabulary'

type Search = {
  tenant: string
  locale: 'en' | 'ar' | 'so'
  word: string
  level?: string
  language?: string
}

const LOCALES = ['en', 'ar', 'so'] as const
export const PAGE_SIZE = 10

/**
 * 60 distinct searches spread over all schools and locales; a quarter of them also
 * filter by level and a quarter by course language, so no single answer dominates.
 */
export const searches = (): Search[] =>
  Array.from({ length: 60 }, (_, i) => {
    const locale = LOCALES[i % 3]!
    const words = SEARCH_WORDS[locale]
    return {
      tenant: tenantSlug(i % TENANT_COUNT),
      locale,
      word: words[Math.floor(i / 3) % words.length]!,
      ...(i % 4 === 1 ? { level: 'beginner' } : {}),
      ...(i % 4 === 3 ? { language: locale } : {}),
    }
  })

const query = (pairs: [string, string | number | undefined][]): string =>
  pairs
    .filter((pair): pair is [string, string | number] => pair[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&')

/** Our endpoint. Same page size as stock Payload, for a like-for-like page. */
export const catalogRequest = (search: Search): BenchRequest => ({
  tenant: search.tenant,
  path: `/api/catalog?${query([
    ['q', search.word],
    ['locale', search.locale],
    ['level', search.level],
    ['language', search.language],
    ['limit', PAGE_SIZE],
  ])}`,
})

/** Stock Payload REST: the same search as a `like` on the localized title, same filters. */
export const stockRequest = (search: Search, depth?: number): BenchRequest => ({
  tenant: search.tenant,
  path: `/api/courses?${query([
    ['where[title][like]', search.word],
    ['where[level][equals]', search.level],
    ['where[language][equals]', search.language],
    ['locale', search.locale],
    ['limit', PAGE_SIZE],
    ['depth', depth],
  ])}`,
})
