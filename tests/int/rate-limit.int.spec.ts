import crypto from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { memoryRateLimiter, redisRateLimiter } from '@/services/rateLimit'

import { TEST_ENV } from '../helpers/testEnv'

// The limits on the auth operations, and the address they count, are tested through the
// real server: tests/e2e/rate-limits.e2e.spec.ts.

let redis: Redis

beforeAll(() => {
  redis = new Redis(TEST_ENV.REDIS_URL)
})

afterAll(() => {
  redis.disconnect()
})

describe('rate limiter', () => {
  it('should allow max hits per window in memory, then refuse until the window ends', async () => {
    let now = 1_000_000
    const limiter = memoryRateLimiter(() => now)
    for (let i = 0; i < 3; i += 1) {
      expect((await limiter.hit('k', 3, 60)).allowed).toBe(true)
    }
    const refused = await limiter.hit('k', 3, 60)
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 60 })
    now += 30_000
    expect((await limiter.hit('k', 3, 60)).retryAfterSeconds).toBe(30)
    now += 30_001
    expect((await limiter.hit('k', 3, 60)).allowed).toBe(true)
  })

  it('should share counts through Redis, atomically under concurrency', async () => {
    const prefix = `aqoon:test:${crypto.randomBytes(4).toString('hex')}:`
    const a = redisRateLimiter(redis, prefix)
    const b = redisRateLimiter(redis, prefix)
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).hit('ip', 5, 60)))
    expect(results.filter((r) => r.allowed)).toHaveLength(5)
    const refused = results.find((r) => !r.allowed)
    expect(refused?.retryAfterSeconds).toBeGreaterThan(0)
    expect(refused?.retryAfterSeconds).toBeLessThanOrEqual(60)
    expect(await redis.pttl(`${prefix}ip`)).toBeGreaterThan(0)
  })

  it('should keep each limit in its own window, in memory and in Redis', async () => {
    const prefix = `aqoon:test:${crypto.randomBytes(4).toString('hex')}:`
    for (const limiter of [memoryRateLimiter(), redisRateLimiter(redis, prefix)]) {
      expect(await limiter.hit('login:ip', 1, 60)).toEqual({ allowed: true, retryAfterSeconds: 60 })
      expect(await limiter.hit('login:ip', 1, 60)).toEqual({ allowed: false, retryAfterSeconds: 60 })
      expect(await limiter.hit('verifyEmail:ip', 2, 600)).toEqual({ allowed: true, retryAfterSeconds: 600 })
      expect(await limiter.hit('verifyEmail:ip', 2, 600)).toEqual({ allowed: true, retryAfterSeconds: 600 })
      expect(await limiter.hit('verifyEmail:ip', 2, 600)).toEqual({ allowed: false, retryAfterSeconds: 600 })
    }
  })

  it('should fail with the store\'s error, neither allowing nor refusing, while Redis cannot be reached', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 2 })
    // Each failed connection attempt is also emitted as an event; the hit's rejection is what counts.
    unreachable.on('error', () => {})
    try {
      await expect(redisRateLimiter(unreachable).hit('ip', 5, 60)).rejects.toThrow(/max retries per request/)
    } finally {
      unreachable.disconnect()
    }
  })
})
