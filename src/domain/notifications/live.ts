import type { PayloadRequest } from 'payload'

import { publish } from '@/services/redis/pubsub'
import { afterCommit } from '@/services/database/transactions'

import type { Notified } from './notify'

/** Every app process hears what is new on this channel, and pushes it to its own sockets. */
export const LIVE_CHANNEL = 'aqoon:notifications'

/** New notifications (person and notification, pairs), or a person's notifications read. */
export type LiveMessage = { t: 'new'; tenant: number; items: [number, number][] } | { t: 'read'; person: number }

export const readLiveMessage = (text: string): LiveMessage | null => {
  try {
    const message = JSON.parse(text) as LiveMessage
    if (message.t === 'new' && Number.isInteger(message.tenant) && Array.isArray(message.items)) {
      return message
    }
    if (message.t === 'read' && Number.isInteger(message.person)) {
      return message
    }
  } catch {
    // not ours
  }
  return null
}

/** Tells every process of new notifications once they are committed (their sockets read them then). */
export const announceNotified = async (req: PayloadRequest, tenant: number, shown: Notified[]): Promise<void> => {
  if (shown.length === 0) {
    return
  }
  await afterCommit(req, async () => {
    await publish(LIVE_CHANNEL, JSON.stringify({ t: 'new', tenant, items: shown.map((s) => [s.person, s.notification]) } satisfies LiveMessage))
  })
}

/** Tells every process that a person's unread count changed (they read some). */
export const announceRead = async (req: PayloadRequest, person: number): Promise<void> => {
  await afterCommit(req, async () => {
    await publish(LIVE_CHANNEL, JSON.stringify({ t: 'read', person } satisfies LiveMessage))
  })
}
