import type { Endpoint, PayloadRequest } from 'payload'

import { LRUCache } from 'lru-cache'
import crypto from 'node:crypto'
import { APIError } from 'payload'

import { COURSES } from '@/collections/slugs'
import { CatalogQuery } from '@/services/catalog/catalogQuery'
import { catalogVersion, type CatalogResult, searchCatalog } from '@/services/catalog/searchCatalog'
import { validationErrorFrom } from '@/services/validation/zodProblems'
import { settings } from '@/settings'
import { requestTenant } from '@/tenancy/resolveTenant'

/**
 * Answers already computed, by fingerprint, the least recently asked for dropped first.
 * Entries go stale by key, never by time. CATALOG_CACHE_ENTRIES of 0 keeps none.
 */
const answers =
  settings.catalogCacheEntries > 0 ? new LRUCache<string, string>({ max: settings.catalogCacheEntries }) : undefined

/** Parses the catalog query of a request, or throws a 400 naming the parameter. */
export const parseCatalogQuery = (params: Record<string, unknown>): CatalogQuery => {
  const parsed = CatalogQuery.safeParse(params)
  if (!parsed.success) {
    throw validationErrorFrom(COURSES, parsed.error, 'parameter')
  }
  return parsed.data
}

/** The catalog of the school a request is for; 400 when it names none. */
export const catalogFor = async (req: PayloadRequest, query: CatalogQuery): Promise<{ etag: string; body: () => Promise<string> }> => {
  const resolution = await requestTenant(req)
  if (resolution.kind !== 'tenant') {
    throw new APIError('Ask a school\'s own address for its catalog, or send X-Tenant: <slug>.', 400)
  }
  const { tenant } = resolution
  const version = await catalogVersion(req.payload, tenant.id)
  const fingerprint = `${tenant.id}|${tenant.defaultLocale}|${version}|${JSON.stringify(query)}`
  const etag = `W/"${crypto.createHash('sha256').update(fingerprint).digest('base64url').slice(0, 27)}"`
  return {
    etag,
    body: async () => {
      const cached = answers?.get(etag)
      if (cached !== undefined) {
        return cached
      }
      const result: CatalogResult = await searchCatalog(req.payload, tenant, query)
      const body = JSON.stringify(result)
      answers?.set(etag, body)
      return body
    },
  }
}

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
