import type { Payload, PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { postgresAdapter, sqlList } from '@/services/database/adapter'
import { inTransaction, sqlHandle } from '@/services/database/transactions'
import { metrics } from '@/services/metrics/registry'

import { type EventSource, PROVIDERS } from './status'

export type ReceivedEvent = { id: number; duplicate: boolean; status: string }

/**
 * The event as JSON PostgreSQL's jsonb takes: it refuses the NUL character, which a provider may
 * send inside a customer's text. Kept as U+FFFD, so the event is recorded (and its delivery
 * answered 200) rather than refused each time the provider tries again.
 */
const storable = (event: unknown): string => JSON.stringify(event).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd')

/**
 * Records a provider's webhook event once, by the provider's event id, before anything is done
 * with it (committed on its own, outside any transaction, so it survives a failure in applying
 * it). A duplicate or a replay finds the record already there. One round trip either way.
 */
export const receiveProviderEvent = async ({ app, provider, eventId, type, account, school, event }: { app: Payload; provider: EventSource; eventId: string; type: string; account?: string | null; school?: number | null; event: unknown }): Promise<ReceivedEvent> => {
  const db = postgresAdapter(app).drizzle
  const known = sql`select id, status from provider_events where provider = ${provider} and event_id = ${eventId}`
  const { rows } = await db.execute(sql`
    with inserted as (
      insert into provider_events (provider, event_id, type, account, school_id, status, attempts, payload, received_at)
      values (${provider}, ${eventId}, ${type.slice(0, 200)}, ${account ?? null}, ${school ?? null}, 'received', 0, ${storable(event)}::jsonb, now())
      on conflict (provider, event_id) do nothing
      returning id, status
    )
    select id, status, true as fresh from inserted
    union all
    select id, status, false from (${known}) k where not exists (select 1 from inserted)`)
  // A copy recorded by a transaction that committed while this statement waited for it is not
  // in the statement's snapshot: asked again.
  const row = (rows[0] ?? (await db.execute(known)).rows[0]) as { id: number; status: string; fresh?: boolean }
  return { id: Number(row.id), duplicate: row.fresh !== true, status: String(row.status) }
}

/** What applying an event did: `ignored` when it is not about anything of ours. */
export type Applied = { status: 'applied' | 'ignored'; outcome: string }

type Outcome = { status: string; outcome: string }

/**
 * Applies a recorded event at most once: its row is locked, and it is marked applied in the same
 * transaction as the changes it made, so two deliveries racing (or a delivery and the retry job)
 * apply it once (the second answers `applying`). A failure rolls the changes back and leaves it to be tried again.
 */
export const applyProviderEvent = async ({ req, id, apply }: { req: PayloadRequest; id: number; apply: () => Promise<Applied> }): Promise<Outcome> =>
  (await applyProviderEvents({ req, ids: [id], apply: async () => [await apply()] }))[0]!

/**
 * `applyProviderEvent` for several recorded events in one transaction: `apply` is given the
 * indexes (into `ids`) of those still to apply and answers for each. An id given twice is
 * applied once and answered alike. If applying fails, everything rolls back and each event is
 * tried again alone, so only the one at fault is left to the retry job.
 */
export const applyProviderEvents = async ({ req, ids, apply }: { req: PayloadRequest; ids: readonly number[]; apply: (indexes: number[]) => Promise<Applied[]> }): Promise<Outcome[]> => {
  try {
    let together = 0
    const outcomes = await inTransaction(req, async () => {
      const db = await sqlHandle(req)
      // A delivery racing another one of the same event finds its row locked and answers at once
      // rather than holding a connection until the first commits: the first applies it, or
      // fails and leaves it to the retry job.
      const { rows } = await db.execute(sql`select id, status, outcome from provider_events where id = any(${sqlList(ids)}::int[]) for update skip locked`)
      const locked = new Map((rows as { id: number; status: string; outcome: string | null }[]).map((r) => [Number(r.id), r]))
      const results: (Outcome | undefined)[] = ids.map((id) => {
        const row = locked.get(id)
        if (!row) {
          return { status: 'applying', outcome: 'Another delivery of this event is applying it.' }
        }
        return row.status === 'applied' || row.status === 'ignored' ? { status: row.status, outcome: row.outcome ?? '' } : undefined
      })
      const pending = ids.map((id, index) => ({ id, index })).filter(({ id, index }) => results[index] === undefined && ids.indexOf(id) === index)
      if (pending.length > 0) {
        const applied = await apply(pending.map((p) => p.index))
        await db.execute(sql`
          update provider_events set status = v.status::enum_provider_events_status, outcome = v.outcome, attempts = attempts + 1, applied_at = now(), updated_at = now()
          from unnest(${sqlList(pending.map((p) => p.id))}::int[], ${sqlList(applied.map((a) => a.status))}::text[], ${sqlList(applied.map((a) => a.outcome.slice(0, 500)))}::text[]) as v(id, status, outcome)
          where provider_events.id = v.id`)
        pending.forEach((p, k) => {
          results[p.index] = applied[k]
        })
      }
      together = pending.length
      return ids.map((id, index) => results[index] ?? results[ids.indexOf(id)]!)
    })
    if (together > 0) {
      metrics().providerEventBatches.observe(together)
    }
    return outcomes
  } catch (error) {
    if (ids.length > 1) {
      req.payload.logger.warn({ err: error, msg: `payments: a batch of ${ids.length} provider events could not be applied together; each is applied alone` })
      const alone: Outcome[] = []
      for (const [index, id] of ids.entries()) {
        alone.push((await applyProviderEvents({ req, ids: [id], apply: () => apply([index]) }))[0]!)
      }
      return alone
    }
    const message = error instanceof Error ? error.message : String(error)
    const db = await sqlHandle(req)
    await db.execute(sql`update provider_events set status = 'failed', outcome = ${message.slice(0, 500)}, attempts = attempts + 1, updated_at = now() where id = ${ids[0]!}`)
    req.payload.logger.error({ err: error, msg: `payments: provider event ${ids[0]} could not be applied; the payments job tries it again` })
    return [{ status: 'failed', outcome: message }]
  }
}

/** Events (of payment providers, unless other sources are named) received or failed and not applied yet, oldest first: the retry job's work. */
export const unappliedEvents = async (req: PayloadRequest, limit = 100, sources: readonly EventSource[] = PROVIDERS): Promise<{ id: number; provider: EventSource; payload: unknown; school: number | null }[]> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    select id, provider, payload, school_id from provider_events
    where provider = any(${sqlList(sources)}::enum_provider_events_provider[]) and status in ('received', 'failed') and attempts < 10 and received_at < now() - interval '1 minute'
    order by id limit ${limit}`)
  return (rows as { id: number; provider: EventSource; payload: unknown; school_id: number | null }[]).map((r) => ({ id: Number(r.id), provider: r.provider, payload: r.payload, school: r.school_id }))
}
