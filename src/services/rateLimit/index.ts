import { Redis } from 'ioredis'
import { LRUCache } from 'lru-cache'

import { settings } from '@/settings'

export type RateDecision = { allowed: boolean; retryAfterSeconds: number }

export type RateLimiter = {
  /** Counts one attempt for `key` and says whether it is within `max` per window. */
  hit: (key: string, max: number, windowSeconds: number) => Promise<RateDecision>
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
  const windows = new LRUCache<string, { count: number; resetAt: number }>({ max: maxEntries })
  return {
    hit: async (key, max, windowSeconds) => {
      const at = now()
      let entry = windows.get(key)
      if (!entry || entry.resetAt <= at) {
        entry = { count: 0, resetAt: at + windowSeconds * 1000 }
        windows.set(key, entry)
      }
      entry.count += 1
      return {
        allowed: entry.count <= max,
        retryAfterSeconds: Math.max(1, Math.ceil((entry.resetAt - at) / 1000)),
      }
    },
  }
}

// INCR and set the expiry of a new window in one round trip, atomically.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }
`

/** Fixed windows in Redis, shared by every app process. */
export const redisRateLimiter = (redis: Redis, prefix = 'aqoon:rl:'): RateLimiter => ({
  hit: async (key, max, windowSeconds) => {
    const [count, ttl] = (await redis.eval(
      HIT_SCRIPT,
      1,
      prefix + key,
      String(windowSeconds * 1000),
    )) as [number, number]
    return {
      allowed: count <= max,
      retryAfterSeconds: Math.max(1, Math.ceil((ttl > 0 ? ttl : windowSeconds * 1000) / 1000)),
    }
  },
})

let shared: RateLimiter | undefined

/** Redis when REDIS_URL is set, memory otherwise. */
export const rateLimiter = (): RateLimiter => {
  if (!shared) {
    shared = settings.redisUrl
      ? redisRateLimiter(new Redis(settings.redisUrl, { maxRetriesPerRequest: 2 }))
      : memoryRateLimiter()
  }
  return shared
}
