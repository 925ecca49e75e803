import type { Payload } from 'payload'

import type { Tenant } from '@/payload-types'

import { LRUCache } from 'lru-cache'
import crypto from 'node:crypto'

import { settings } from '@/settings'

import type { CatalogQuery } from './catalogQuery'

import { catalogVersion, type CatalogResult, searchCatalog } from './searchCatalog'

/**
 * Answers already computed, by fingerprint, the least recently asked for dropped first.
 * Entries go stale by key, never by time. CATALOG_CACHE_ENTRIES of 0 keeps none.
 */
const answers = settings.catalogCacheEntries > 0 ? new LRUCache<string, string>({ max: settings.catalogCacheEntries }) : undefined

/**
 * A school's catalog for a query: its ETag (which changes whenever the catalog does) at once, and
 * the answer's JSON when asked for, from the cache when the same question was answered before.
 */
export const catalogAnswer = async (payload: Payload, tenant: Tenant, query: CatalogQuery): Promise<{ etag: string; body: () => Promise<string> }> => {
  const version = await catalogVersion(payload, tenant.id)
  const fingerprint = `${tenant.id}|${tenant.defaultLocale}|${version}|${JSON.stringify(query)}`
  const etag = `W/"${crypto.createHash('sha256').update(fingerprint).digest('base64url').slice(0, 27)}"`
  return {
    etag,
    body: async () => {
      const cached = answers?.get(etag)
      if (cached !== undefined) {
        return cached
      }
      const result: CatalogResult = await searchCatalog(payload, tenant, query)
      const body = JSON.stringify(result)
      answers?.set(etag, body)
      return body
    },
  }
}
