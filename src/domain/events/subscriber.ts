import type { PayloadRequest } from 'payload'

import type { EventType } from './catalog'

/** An event as stored in the outbox and handed to subscribers. */
export type StoredEvent = {
  id: number
  type: EventType
  version: number
  tenant: number | null
  subjectCollection: string
  subjectId: string
  actorId: number | null
  actorLabel: string | null
  payload: Record<string, unknown>
  occurredAt: string
  /** The request that caused it, when one did (for log lines; never sent to integrators). */
  requestId: string | null
}

/**
 * Something that reacts to domain events. It runs in a transaction of its own, together with the
 * receipts that say it ran: whatever it writes lands once, or not at all. Work with outside
 * effects (mail, HTTP) is queued there, not done there.
 *
 * A subscriber takes events one at a time (`handle`) or a group of them, oldest first
 * (`handleAll`: one statement for fifty events rather than fifty). If a group fails, its events
 * are handed over again one by one, so only the failing one waits.
 */
export type Subscriber = {
  /** Stable: receipts are kept under it. */
  name: string
  handles: (type: EventType) => boolean
} & (
  | { handle: (args: { req: PayloadRequest; event: StoredEvent }) => Promise<void>; handleAll?: never }
  | { handleAll: (args: { req: PayloadRequest; events: StoredEvent[] }) => Promise<void>; handle?: never }
)
