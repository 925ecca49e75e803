import type { Payload } from 'payload'

import type { Tenant } from '@/payload-types'

import { LRUCache } from 'lru-cache'
import crypto from 'node:crypto'

import { settings } from '@/settings'

import type { CatalogQuery } from './catalogQuery'

import { catalogVersion, type CatalogResult, searchCatalog } from './searchCatalog'

/**
 * What an answer may hold on average: a page of 10 courses is about 7,000 to 9,000 characters,
 * 9 KB on average as V8 keeps them; a page of 50, three to four times that.
 */
const AVERAGE_ANSWER_BYTES = 16 * 1024

/** A string's size as V8 keeps it: one byte a character, two once any is outside Latin-1. */
const stringBytes = (value: string): number => value.length * (/[\u0100-\uffff]/.test(value) ? 2 : 1)

/**
 * Answers already computed, by fingerprint, the least recently asked for dropped first.
 * Entries go stale by key, never by time. CATALOG_CACHE_ENTRIES of 0 keeps none. Bounded by
 * count and by size (CATALOG_CACHE_ENTRIES x 16 KiB, 32 MiB by default), so large pages
 * cannot grow it past what the count promises.
 */
const answers =
  settings.catalogCacheEntries > 0
    ? new LRUCache<string, string>({
        max: settings.catalogCacheEntries,
        maxSize: settings.catalogCacheEntries * AVERAGE_ANSWER_BYTES,
        sizeCalculation: (body, etag) => stringBytes(body) + etag.length,
      })
    : undefined

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

/** How many answers are kept and their size in bytes: what the bounds above hold to. */
export const catalogAnswerCacheSize = (): { entries: number; bytes: number } => ({ entries: answers?.size ?? 0, bytes: answers?.calculatedSize ?? 0 })
