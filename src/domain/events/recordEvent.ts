import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { commitBuffer, sqlHandle } from '@/services/database/transactions'
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

type SQL = ReturnType<typeof sql>

type EventToRecord<T extends EventType> = { type: T; tenant: number | null; subject: EventSubject; payload: EventPayload<T>; occurredAt?: Date }

/** The outbox's columns, in the order `eventRow` gives their values. */
export const EVENT_COLUMNS = sql`(type, version, tenant_id, subject_collection, subject_id, actor_id, actor_label, payload, occurred_at, request_id)`

/**
 * An event's outbox row as a select list, its payload checked against its type's schema first:
 * an event consumers cannot rely on is a bug here, not there. `payloadAs` lets a statement that
 * writes the event with other things fill in a value it only learns there (an invoice's number).
 */
export const eventRow = <T extends EventType>(req: PayloadRequest, event: EventToRecord<T>, payloadAs: (json: SQL) => SQL = (json) => json): SQL => {
  const entry = EVENT_CATALOG[event.type]
  const payload = entry.schema.parse(event.payload)
  const actor = actorOf(req)
  // Typed, so rows put together by `union all` (several in one statement) keep their columns' types.
  return sql`${event.type}::varchar, ${entry.version}::numeric, ${event.tenant}::int, ${event.subject.collection}::varchar, ${String(event.subject.id)}::varchar, ${actor.id}::int, ${actor.label}::varchar, ${payloadAs(sql`${JSON.stringify(payload)}::jsonb`)}, ${(event.occurredAt ?? new Date()).toISOString()}::timestamptz, ${currentRequestId() ?? null}::varchar`
}

/**
 * Writes a domain event into the outbox in `req`'s transaction, so it exists exactly when the
 * change that caused it commits. Written with one insert (no hooks): it sits on every
 * enrollment and grading path. In a transaction begun by `inTransaction` the events are
 * written together, in their order, before its commit (with the other buffered rows: `commitBuffer`).
 */
export const recordEvent = async <T extends EventType>(req: PayloadRequest, event: EventToRecord<T>): Promise<void> => {
  const row = eventRow(req, event)
  const buffered = commitBuffer<SQL>(req, 'events', (rows) => [sql`events_written as (insert into domain_events ${EVENT_COLUMNS} values ${sql.join(rows.map((r) => sql`(${r})`), sql`, `)})`])
  if (buffered) {
    buffered.push(row)
    return
  }
  const db = await sqlHandle(req)
  await db.execute(sql`insert into domain_events ${EVENT_COLUMNS} values (${row})`)
}
