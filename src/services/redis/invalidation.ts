import type { Redis } from 'ioredis'

import { sharedRedis } from './client'

/** Redis pub/sub ignores the database number, so every process on the server hears this channel. */
const CHANNEL = 'aqoon:invalidate'

const forgetters = new Map<string, Set<() => void>>()
let subscriber: Redis | undefined

const forgetHere = (topic: string) => forgetters.get(topic)?.forEach((forget) => forget())

const forgetEverything = () => forgetters.forEach((set) => set.forEach((forget) => forget()))

/** Listens on the channel once per process (on a connection of its own: a subscribed connection runs no other commands). */
const listen = () => {
  const redis = sharedRedis()
  if (!redis || subscriber) {
    return
  }
  subscriber = redis.duplicate()
  subscriber.on('error', () => undefined)
  subscriber.on('message', (_channel: string, topic: string) => forgetHere(topic))
  // Messages sent while the connection was down are lost: after a reconnect, forget all (the caches refill from the database).
  let connectedBefore = false
  subscriber.on('ready', () => {
    if (connectedBefore) {
      forgetEverything()
    }
    connectedBefore = true
  })
  void subscriber.subscribe(CHANNEL).catch(() => undefined)
}

/**
 * Runs `forget` in this process whenever any process says `topic` changed (see `announceChange`).
 * Without Redis there is one process to tell, and `announceChange` tells it directly.
 */
export const onChange = (topic: string, forget: () => void): void => {
  const set = forgetters.get(topic) ?? new Set()
  set.add(forget)
  forgetters.set(topic, set)
  listen()
}

/** Forgets `topic` in this process at once and tells every other process sharing the Redis server. */
export const announceChange = async (topic: string): Promise<void> => {
  forgetHere(topic)
  await sharedRedis()
    ?.publish(CHANNEL, topic)
    .catch(() => undefined)
}
