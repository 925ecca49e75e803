import type { BenchRequest } from '../shared/load'

import { random, TENANT_COUNT, tenantSlug } from './seed'
import { TOPICS } from './vocabulary'

type Locale = 'en' | 'ar' | 'so'

type Search = {
  tenant: string
  locale: Locale
  words: string
  level?: string
  language?: string
  page?: number
}

const LOCALES: readonly Locale[] = ['en', 'ar', 'so']
export const PAGE_SIZE = 10
/** Requests in the rotation: more than any scenario sends, so the stream never wraps around. */
export const STREAM_LENGTH = 150_000
/** Zipf exponent of the searches' popularity (query logs are usually near 1). */
const ZIPF_EXPONENT = 1

/**
 * What visitors type, per locale, all taken from the course titles (so stock Payload's title
 * `like` finds them too): each word of a topic, each topic's full name (two or three words),
 * and in English and Somali the first four letters of the longer words (a search typed halfway).
 */
const terms = (locale: Locale): string[] => {
  const found = new Set<string>()
  for (const topic of TOPICS) {
    const name = topic[locale].toLowerCase().replace(/-/g, ' ')
    const words = name.split(/\s+/).filter((word) => [...word].length >= 4)
    words.forEach((word) => found.add(word))
    if (words.length > 1) {
      found.add(words.join(' '))
    }
    if (locale !== 'ar') {
      words.filter((word) => word.length >= 7).forEach((word) => found.add(word.slice(0, 4)))
    }
  }
  return [...found]
}

/**
 * Every distinct search of the mix: each school, locale and term, alone or filtered by level or
 * course language, on the first or second page. About 18,000, far more than the answer cache's
 * 2,000 entries.
 */
const distinctSearches = (): Search[] => {
  const all: Search[] = []
  for (let t = 0; t < TENANT_COUNT; t++) {
    for (const locale of LOCALES) {
      for (const words of terms(locale)) {
        for (const filter of [{}, { level: 'beginner' }, { language: locale }]) {
          all.push({ tenant: tenantSlug(t), locale, words, ...filter })
        }
        all.push({ tenant: tenantSlug(t), locale, words, page: 2 })
      }
    }
  }
  return all
}

/**
 * The request stream: searches drawn by popularity (Zipf over the distinct searches in a
 * seeded random order), so a few are asked often and most rarely or once, as in a search log.
 * Fixed by its seed: every scenario and every run asks the same sequence.
 */
export const searchStream = (length = STREAM_LENGTH): Search[] => {
  const next = random(20_261_203)
  const pool = distinctSearches()
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
  }
  const cumulative: number[] = []
  let sum = 0
  for (let rank = 1; rank <= pool.length; rank++) {
    sum += 1 / rank ** ZIPF_EXPONENT
    cumulative.push(sum)
  }
  return Array.from({ length }, () => {
    const target = next() * sum
    let [low, high] = [0, cumulative.length - 1]
    while (low < high) {
      const middle = (low + high) >> 1
      if (cumulative[middle]! < target) {
        low = middle + 1
      } else {
        high = middle
      }
    }
    return pool[low]!
  })
}

const query = (pairs: [string, string | number | undefined][]): string =>
  pairs
    .filter((pair): pair is [string, string | number] => pair[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&')

/** Our endpoint. Same page size as stock Payload, for a like-for-like page. */
export const catalogRequest = (search: Search): BenchRequest => ({
  tenant: search.tenant,
  path: `/api/catalog?${query([
    ['q', search.words],
    ['locale', search.locale],
    ['level', search.level],
    ['language', search.language],
    ['page', search.page],
    ['limit', PAGE_SIZE],
  ])}`,
})

/** The search as Payload's REST API asks it: a `like` on the localized title, same filters and page. */
const likeQuery = (search: Search, depth: number | undefined, scope: [string, string | number | undefined][] = []): string =>
  `/api/courses?${query([
    ...scope,
    ['where[title][like]', search.words],
    ['where[level][equals]', search.level],
    ['where[language][equals]', search.language],
    ['locale', search.locale],
    ['page', search.page],
    ['limit', PAGE_SIZE],
    ['depth', depth],
  ])}`

/** Stock Payload REST inside Aqoon: the school from `X-Tenant`, as for the catalog. */
export const stockRequest = (search: Search, depth?: number): BenchRequest => ({ tenant: search.tenant, path: likeQuery(search, depth) })

/**
 * The same search for the plain Payload baseline (bench/shared/plainPayload.ts), which has no
 * `X-Tenant` gate and no access rules: the school and the published state are asked for in the
 * query, as a front end on stock Payload would.
 */
export const plainRequest = (search: Search, tenantIds: number[], depth?: number): BenchRequest => ({
  path: likeQuery(search, depth, [
    ['where[tenant][equals]', tenantIds[Number(search.tenant.slice('bench-'.length)) - 1]],
    ['where[_status][equals]', 'published'],
  ]),
})

/** A request's identity for the answer cache: the school and the whole query. */
export const requestKey = (request: BenchRequest): string => `${request.tenant ?? ''}|${request.path}`
