import type { Redis } from 'ioredis'
import type { RateLimiterAbstract } from 'rate-limiter-flexible'

import type { RateWindow } from './lruCacheRateLimiter'

import { LRUCache } from 'lru-cache'
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'

import { sharedRedis } from '@/services/redis/client'
import { settings } from '@/settings'

import { LruCacheRateLimiter } from './lruCacheRateLimiter'

export type RateDecision = { allowed: boolean; retryAfterSeconds: number }

export type RateLimiter = {
  /** Counts one attempt for `key` and says whether it is within `max` per window. */
  hit: (key: string, max: number, windowSeconds: number) => Promise<RateDecision>
}

const decision = (allowed: boolean, spent: RateLimiterRes, windowSeconds: number): RateDecision => ({
  allowed,
  retryAfterSeconds: Math.max(1, Math.ceil((spent.msBeforeNext > 0 ? spent.msBeforeNext : windowSeconds * 1000) / 1000)),
})

/**
 * Fixed windows counted by rate-limiter-flexible, which fixes a limit and window when a limiter
 * is made: one limiter per pair asked for (a handful: one per auth action), over one store.
 */
const perLimit = (limiterFor: (max: number, windowSeconds: number) => RateLimiterAbstract): RateLimiter => {
  const limiters = new Map<string, RateLimiterAbstract>()
  return {
    hit: async (key, max, windowSeconds) => {
      const pair = `${max}/${windowSeconds}`
      let limiter = limiters.get(pair)
      if (!limiter) {
        limiter = limiterFor(max, windowSeconds)
        limiters.set(pair, limiter)
      }
      try {
        return decision(true, await limiter.consume(key), windowSeconds)
      } catch (error) {
        // The library refuses with the window's state; anything else is the store failing
        // (Redis unreachable), which is the caller's error, not a refusal.
        if (error instanceof RateLimiterRes) {
          return decision(false, error, windowSeconds)
        }
        throw error
      }
    },
  }
}

/**
 * Fixed windows in process memory: enough for one app process. At most `maxEntries`
 * windows are kept, the least recently hit forgotten first: a flood of new addresses
 * costs bounded memory, at the price of forgetting counts only when it is that large.
 */
export const memoryRateLimiter = (
  now: () => number = Date.now,
  maxEntries: number = settings.rateLimit.memoryEntries,
): RateLimiter => {
  const windows = new LRUCache<string, RateWindow>({ max: maxEntries })
  return perLimit((points, duration) => new LruCacheRateLimiter({ points, duration, windows, now }))
}

/** Fixed windows in Redis, shared by every app process. */
export const redisRateLimiter = (redis: Redis, prefix = settings.rateLimit.redisPrefix): RateLimiter => {
  // The prefix is put on the key here, as it always was: the library would join its own with a colon.
  const limiter = perLimit((points, duration) => new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix: '' }))
  return { hit: (key, max, windowSeconds) => limiter.hit(prefix + key, max, windowSeconds) }
}

let shared: RateLimiter | undefined

/** Redis when REDIS_URL is set, memory otherwise. */
export const rateLimiter = (): RateLimiter => {
  if (!shared) {
    const redis = sharedRedis()
    shared = redis ? redisRateLimiter(redis) : memoryRateLimiter()
  }
  return shared
}
