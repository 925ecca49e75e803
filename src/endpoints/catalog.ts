import type { Endpoint } from 'payload'

import { catalogFor, parseCatalogQuery } from '@/http/catalogRequest'

/**
 * `GET /api/catalog`: the public course catalog of the school the request is for.
 * Answers carry an ETag that changes whenever the school's catalog does; a matching
 * `If-None-Match` gets 304 without running the search.
 */
export const catalog: Endpoint = {
  path: '/catalog',
  method: 'get',
  handler: async (req) => {
    const query = parseCatalogQuery(Object.fromEntries(req.searchParams ?? new URLSearchParams()))
    const { etag, body } = await catalogFor(req, query)
    const headers = {
      ETag: etag,
      // Revalidate every time: a 304 is cheap, and staff see their changes at once.
      'Cache-Control': 'public, no-cache',
      Vary: 'X-Tenant',
    }
    const presented = req.headers.get('if-none-match')
    if (presented && presented.split(',').some((tag) => tag.trim() === etag)) {
      return new Response(null, { status: 304, headers })
    }
    return new Response(await body(), { status: 200, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } })
  },
}
