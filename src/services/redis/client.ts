import { Redis } from 'ioredis'

import { settings } from '@/settings'
import { withTimeout } from '@/shared/withTimeout'

let shared: Redis | undefined

/** The process's one Redis connection when REDIS_URL is set (rate limits, readiness), or undefined. */
export const sharedRedis = (): Redis | undefined => {
  if (settings.redisUrl && !shared) {
    shared = new Redis(settings.redisUrl, { maxRetriesPerRequest: 2 })
    // Connection errors surface where Redis is used (a rate limit's error reaches its caller,
    // readiness reports Redis down); without a listener ioredis prints each one to the console.
    shared.on('error', () => undefined)
  }
  return shared
}

/** Whether Redis answers a PING within `timeoutMs`; `undefined` when no Redis is configured. */
export const redisAnswers = async (timeoutMs: number): Promise<boolean | undefined> => {
  const redis = sharedRedis()
  if (!redis) {
    return undefined
  }
  return withTimeout(redis.ping(), timeoutMs, 'Redis').then(
    (answer) => answer === 'PONG',
    () => false,
  )
}
