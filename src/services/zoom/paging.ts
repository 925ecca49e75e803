import type { ZoomApi } from './api'
import { unexpectedAnswer } from './errors'
import type { Page } from './types'

/** Zoom's largest page for the lists Aqoon reads (participants report, registrants, users, meetings). */
export const MAX_PAGE_SIZE = 300

/**
 * Every item of a paged list, page after page, following `next_page_token` until Zoom sends an
 * empty one. Pages are fetched as they are read, so a long report is never held at once; a token
 * lives 15 minutes at Zoom, so read on without long pauses.
 */
export async function* paged<T>({
  api,
  path,
  key,
  query = {},
  pageSize = MAX_PAGE_SIZE,
}: {
  api: ZoomApi
  path: string
  /** The array's name in Zoom's answer: `participants`, `registrants`, `users`, `meetings`. */
  key: string
  query?: Record<string, string | number | boolean | undefined>
  pageSize?: number
}): AsyncGenerator<T> {
  const seen = new Set<string>()
  let token: string | undefined
  for (;;) {
    const page = (await api.call('GET', path, { query: { ...query, page_size: Math.min(MAX_PAGE_SIZE, Math.max(1, pageSize)), next_page_token: token } })) as
      | (Page & Record<string, unknown>)
      | undefined
    const items = page?.[key]
    if (!Array.isArray(items)) {
      throw unexpectedAnswer(`GET ${path}`, `a list of ${key}`)
    }
    yield* items as T[]
    token = page?.next_page_token || undefined
    if (!token) {
      return
    }
    // A token handed back twice would page forever.
    if (seen.has(token)) {
      throw unexpectedAnswer(`GET ${path}`, 'a new next_page_token (the same one came back twice)')
    }
    seen.add(token)
  }
}
