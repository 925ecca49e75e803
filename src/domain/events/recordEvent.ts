import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { sqlHandle } from '@/services/database/transactions'
import { currentRequestId } from '@/shared/requestContext'

import { EVENT_CATALOG, type EventPayload, type EventType } from './catalog'

export type EventSubject = { collection: string; id: number | string }

/** Who caused a change: the signed-in person or API key, or the system when nobody is signed in. */
const actorOf = (req: PayloadRequest): { id: number | null; label: string } => {
  const user = req.user as { id?: unknown; email?: unknown; kind?: unknown } | null | undefined
  if (!user || typeof user.id !== 'number') {
    return { id: null, label: 'system' }
  }
  return { id: user.id, label: user.kind === 'integration' ? `API key (${String(user.email)})` : String(user.email ?? user.id) }
}

/**
 * Writes a domain event into the outbox in `req`'s transaction, so it exists exactly when the
 * change that caused it commits. The payload is checked against its type's schema first: an
 * event consumers cannot rely on is a bug here, not there. Written with one insert (no hooks):
 * it sits on every enrollment and grading path.
 */
export const recordEvent = async <T extends EventType>(
  req: PayloadRequest,
  event: { type: T; tenant: number | null; subject: EventSubject; payload: EventPayload<T>; occurredAt?: Date },
): Promise<void> => {
  const entry = EVENT_CATALOG[event.type]
  const payload = entry.schema.parse(event.payload)
  const actor = actorOf(req)
  const db = await sqlHandle(req)
  await db.execute(sql`
    insert into domain_events (type, version, tenant_id, subject_collection, subject_id, actor_id, actor_label, payload, occurred_at, request_id)
    values (${event.type}, ${entry.version}, ${event.tenant}, ${event.subject.collection}, ${String(event.subject.id)}, ${actor.id}, ${actor.label}, ${JSON.stringify(payload)}::jsonb, ${(event.occurredAt ?? new Date()).toISOString()}, ${currentRequestId() ?? null})`)
}
