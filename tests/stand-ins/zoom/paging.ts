import crypto from 'node:crypto'

import { type Reply, validationFailed, zoomError } from './wire'

const DEFAULT_PAGE_SIZE = 30
const MAX_PAGE_SIZE = 300
/** Zoom's page tokens expire after 15 minutes. */
const TOKEN_LIFETIME_MS = 15 * 60 * 1000

export type Paged<T> = { items: T[]; envelope: { page_size: number; total_records: number; next_page_token: string; page_count: number } }

/**
 * Zoom's paging: `page_size` (30 by default, 300 at most: more is cut to 300) and an opaque
 * `next_page_token` (empty on the last page) bound to the list it came from.
 */
export const createPager = () => {
  const tokens = new Map<string, { scope: string; offset: number; expiresAt: number }>()

  return <T>(all: T[], query: URLSearchParams, scope: string): Paged<T> | { refusal: Reply } => {
    const sizeText = query.get('page_size')
    const size = sizeText === null || sizeText === '' ? DEFAULT_PAGE_SIZE : Number(sizeText)
    if (!Number.isInteger(size) || size < 1) {
      return { refusal: validationFailed('page_size') }
    }
    const pageSize = Math.min(MAX_PAGE_SIZE, size)
    const given = query.get('next_page_token')
    let offset = 0
    if (given) {
      const entry = tokens.get(given)
      if (!entry || entry.scope !== scope || entry.expiresAt < Date.now()) {
        return { refusal: zoomError(400, 300, 'The next page token is invalid or expired.') }
      }
      offset = entry.offset
    }
    const items = all.slice(offset, offset + pageSize)
    let next = ''
    if (offset + pageSize < all.length) {
      next = crypto.randomBytes(24).toString('base64url').slice(0, 32)
      tokens.set(next, { scope, offset: offset + pageSize, expiresAt: Date.now() + TOKEN_LIFETIME_MS })
    }
    return { items, envelope: { page_size: pageSize, total_records: all.length, next_page_token: next, page_count: Math.ceil(all.length / pageSize) } }
  }
}

export type Pager = ReturnType<typeof createPager>
