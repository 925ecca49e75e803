import type { Redis } from 'ioredis'

import { sharedRedis } from './client'

const handlers = new Map<string, Set<(message: string) => void>>()
let subscriber: Redis | undefined

const deliverHere = (channel: string, message: string) => {
  for (const handler of handlers.get(channel) ?? []) {
    try {
      handler(message)
    } catch {
      // One listener's failure is its own; the others still hear the message.
    }
  }
}

/**
 * Hears `channel` in this process: what any process sharing the Redis server publishes on it
 * (this one included). Without Redis there is one process, and `publish` delivers here directly.
 */
export const subscribe = (channel: string, handler: (message: string) => void): (() => void) => {
  const set = handlers.get(channel) ?? new Set()
  set.add(handler)
  handlers.set(channel, set)
  const redis = sharedRedis()
  if (redis) {
    if (!subscriber) {
      // A subscribed connection runs no other commands: one of its own, for every channel.
      subscriber = redis.duplicate()
      subscriber.on('error', () => undefined)
      subscriber.on('message', deliverHere)
    }
    if (set.size === 1) {
      void subscriber.subscribe(channel).catch(() => undefined)
    }
  }
  return () => {
    set.delete(handler)
  }
}

/** Tells every process listening on `channel`; false when Redis could not take it. */
export const publish = async (channel: string, message: string): Promise<boolean> => {
  const redis = sharedRedis()
  if (!redis) {
    deliverHere(channel, message)
    return true
  }
  return redis.publish(channel, message).then(
    () => true,
    () => false,
  )
}
