import type { catalogAnswerCacheSize as CatalogAnswerCacheSize } from '@/domain/catalog/catalogAnswers'
import type { memoryRateLimiter as MemoryRateLimiter } from '@/services/rateLimit'
import type { resolvedTenantCacheSize as ResolvedTenantCacheSize } from '@/tenancy/resolveTenant'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, type School, uniq } from '../helpers/personas'

const CACHE_ENTRIES = 100
const CATALOG_ENTRIES = 20

let app: TestApp
let school: School
// Imported once the app is booted: settings are read from the environment bootApp sets.
let cacheSize: typeof ResolvedTenantCacheSize
let memoryRateLimiter: typeof MemoryRateLimiter
let catalogCacheSize: typeof CatalogAnswerCacheSize
const id = uniq()

beforeAll(async () => {
  app = await bootApp({ TENANT_CACHE_ENTRIES: String(CACHE_ENTRIES), CATALOG_CACHE_ENTRIES: String(CATALOG_ENTRIES) })
  school = await createSchool(app.payload, `cache-${id}`)
  ;({ resolvedTenantCacheSize: cacheSize } = await import('@/tenancy/resolveTenant'))
  ;({ memoryRateLimiter } = await import('@/services/rateLimit'))
  ;({ catalogAnswerCacheSize: catalogCacheSize } = await import('@/domain/catalog/catalogAnswers'))
})

afterAll(() => app.close())

type Options = { tenant?: string; host?: string }

/** Sends requests a batch at a time and gives each answer's status and message. */
const answers = async (requests: Options[]): Promise<{ status: number; message?: string }[]> => {
  const results: { status: number; message?: string }[] = []
  for (let i = 0; i < requests.length; i += 50) {
    results.push(
      ...(await Promise.all(
        requests.slice(i, i + 50).map(async (options) => {
          const response = await app.api.get('/api/tenants/current', options)
          const body = (await response.json()) as { errors?: { message: string }[] }
          return { status: response.status, message: body.errors?.[0]?.message }
        }),
      )),
    )
  }
  return results
}

describe('tenant lookup cache', () => {
  it('should stay at its bound under a flood of unknown names, answer each 404, and keep resolving known schools', async () => {
    expect((await app.api.get('/api/tenants/current', { tenant: school.tenant.slug })).status).toBe(200)
    const knownBefore = cacheSize().known
    expect(knownBefore).toBeGreaterThanOrEqual(1)

    const flood: Options[] = [
      ...Array.from({ length: 1500 }, (_, i) => ({ tenant: `nobody-${i}-${id}` })),
      ...Array.from({ length: 500 }, (_, i) => ({ host: `learn-${i}-${id}.example.net` })),
    ]
    const results = await answers(flood)
    expect(results.every((r) => r.status === 404 && /^No school is known by "/.test(r.message ?? ''))).toBe(true)
    expect(results).toHaveLength(2000)
    expect(cacheSize()).toEqual({ known: knownBefore, unknown: CACHE_ENTRIES })

    // Unknown names never push a known school out of its own cache.
    const known = await app.api.get('/api/tenants/current', { tenant: school.tenant.slug })
    expect(known.status).toBe(200)
    expect(await known.json()).toMatchObject({ slug: school.tenant.slug })
  })

  it('should answer names no school could have without asking the database or remembering them', async () => {
    const before = cacheSize()
    const results = await answers([{ tenant: 'x'.repeat(5000) }, { tenant: `Not_A_Slug-${id}` }, { host: `bad_host-${id}.example.net` }])
    expect(results.map((r) => r.status)).toEqual([404, 404, 404])
    expect(cacheSize()).toEqual(before)
  })
})

describe('catalog answer cache', () => {
  it('should stay at its bound under a flood of distinct searches, and keep answering each', async () => {
    const search = (q: string) => app.api.get(`/api/catalog?q=${encodeURIComponent(q)}`, { tenant: school.tenant.slug })
    const first = await search(`first-${id}`)
    expect(first.status).toBe(200)
    expect(catalogCacheSize().entries).toBeGreaterThanOrEqual(1)
    const statuses: number[] = []
    for (let i = 0; i < CATALOG_ENTRIES * 3; i += 10) {
      statuses.push(...(await Promise.all(Array.from({ length: 10 }, async (_, j) => (await search(`flood-${i + j}-${id}`)).status))))
    }
    expect(statuses).toEqual(Array.from({ length: CATALOG_ENTRIES * 3 }, () => 200))
    const size = catalogCacheSize()
    expect(size.entries).toBe(CATALOG_ENTRIES)
    expect(size.bytes).toBeGreaterThan(0)
    expect(size.bytes).toBeLessThanOrEqual(CATALOG_ENTRIES * 16 * 1024)
    // The first search, long since the least recently asked, is answered the same again.
    const again = await search(`first-${id}`)
    expect(again.status).toBe(200)
    expect(await again.text()).toBe(await first.text())
    expect(catalogCacheSize().entries).toBe(CATALOG_ENTRIES)
  })
})

describe('memory rate limiter', () => {
  it('should keep at most its bound of windows, forgetting the least recently hit first', async () => {
    const now = () => 1_000_000
    const limiter = memoryRateLimiter(now, 100)
    for (let i = 0; i < 3; i += 1) {
      await limiter.hit('first', 3, 60)
    }
    expect((await limiter.hit('first', 3, 60)).allowed).toBe(false)
    // 99 other addresses fit beside it: its window is kept and still refuses.
    for (let i = 0; i < 99; i += 1) {
      await limiter.hit(`other-${i}`, 3, 60)
    }
    expect((await limiter.hit('first', 3, 60)).allowed).toBe(false)
    // A flood of 100 more makes it the least recently hit, and it is forgotten.
    for (let i = 0; i < 100; i += 1) {
      await limiter.hit(`flood-${i}`, 3, 60)
    }
    expect((await limiter.hit('first', 3, 60)).allowed).toBe(true)
  })
})
