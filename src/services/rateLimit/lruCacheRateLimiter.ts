import type { LRUCache } from 'lru-cache'

import { RateLimiterRes } from 'rate-limiter-flexible'
import RateLimiterStoreAbstract from 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js'

/** One key's window: points spent in it, and when it ends (ms on the limiter's clock). */
export type RateWindow = { consumed: number; resetAt: number }

type Stored = { consumed: number; msBeforeNext: number }

/**
 * rate-limiter-flexible's limiter over windows kept in an LRU cache, for one process without
 * Redis. The library's own RateLimiterMemory keeps every key it sees (one Map entry and one
 * timer each) until its window ends, so a flood of new addresses would cost unbounded memory;
 * here the cache holds at most its `max` windows, the least recently hit forgotten first.
 * It also reads a replaceable clock, so tests can move time.
 */
export class LruCacheRateLimiter extends RateLimiterStoreAbstract {
  readonly #windows: LRUCache<string, RateWindow>
  readonly #now: () => number

  constructor(args: { points: number; duration: number; windows: LRUCache<string, RateWindow>; now: () => number }) {
    super({ points: args.points, duration: args.duration, keyPrefix: '', storeClient: args.windows })
    this.#windows = args.windows
    this.#now = args.now
  }

  // The four methods below are the store hooks RateLimiterStoreAbstract calls, as
  // RateLimiterRedis implements them over Redis.

  _upsert(rlKey: string, points: number, msDuration: number, forceExpire = false): Promise<Stored> {
    const at = this.#now()
    let window = this.#windows.get(rlKey)
    if (forceExpire || !window || window.resetAt <= at) {
      window = { consumed: 0, resetAt: msDuration > 0 ? at + msDuration : Infinity }
      this.#windows.set(rlKey, window)
    }
    window.consumed += points
    return Promise.resolve(this.#stored(window, at))
  }

  _get(rlKey: string): Promise<Stored | null> {
    const at = this.#now()
    const window = this.#windows.get(rlKey)
    return Promise.resolve(window && window.resetAt > at ? this.#stored(window, at) : null)
  }

  _delete(rlKey: string): Promise<boolean> {
    return Promise.resolve(this.#windows.delete(rlKey))
  }

  _getRateLimiterRes(_rlKey: string, changedPoints: number, stored: Stored): RateLimiterRes {
    return new RateLimiterRes(Math.max(this.points - stored.consumed, 0), stored.msBeforeNext, stored.consumed, stored.consumed === changedPoints)
  }

  #stored(window: RateWindow, at: number): Stored {
    return { consumed: window.consumed, msBeforeNext: window.resetAt === Infinity ? -1 : window.resetAt - at }
  }
}
