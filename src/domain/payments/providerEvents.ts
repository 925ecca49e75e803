import type { Payload, PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { executePrepared, postgresAdapter, sqlList } from '@/services/database/adapter'
import { commitBuffer, inTransaction, lockingAll, sqlHandle, type WithParts, writeParts } from '@/services/database/transactions'
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

type Held = { id: number; status: string; outcome: string | null }

type Mark = { id: number; status: Applied['status']; outcome: string }

/** Events marked with what applying them did (and one more attempt). */
const markParts = (marks: Mark[]): WithParts => [
  sql`provider_events_marked as (
    update provider_events set status = v.status::enum_provider_events_status, outcome = v.outcome, attempts = attempts + 1, applied_at = now(), updated_at = now()
    from unnest(${sqlList(marks.map((m) => m.id))}::int[], ${sqlList(marks.map((m) => m.status))}::text[], ${sqlList(marks.map((m) => m.outcome))}::text[]) as v(id, status, outcome)
    where provider_events.id = v.id)`,
]

const APPLYING: Outcome = { status: 'applying', outcome: 'Another delivery of this event is applying it.' }

const isFinal = (status: string): boolean => status === 'applied' || status === 'ignored'

/**
 * The outcomes of events whose rows this transaction holds (locked or just inserted; undefined
 * for one another transaction holds): final ones as they stand, the rest applied by `apply` and
 * marked in one statement. A row held twice is applied once and answered alike.
 */
const settleHeld = async (req: PayloadRequest, held: readonly (Held | undefined)[], apply: (indexes: number[]) => Promise<Applied[]>): Promise<{ outcomes: Outcome[]; applied: number }> => {
  const results: (Outcome | undefined)[] = held.map((row) => (!row ? APPLYING : isFinal(row.status) ? { status: row.status, outcome: row.outcome ?? '' } : undefined))
  const firstOf = (index: number): number => held.findIndex((row) => row !== undefined && row.id === held[index]?.id)
  const pending = held.flatMap((row, index) => (row && results[index] === undefined && firstOf(index) === index ? [{ id: row.id, index }] : []))
  if (pending.length > 0) {
    const applied = await apply(pending.map((p) => p.index))
    const marks = pending.map((p, k) => ({ id: p.id, status: applied[k]!.status, outcome: applied[k]!.outcome.slice(0, 500) }))
    // With the audit entries and domain events before the commit, in one statement.
    const buffered = commitBuffer(req, 'provider-events', markParts)
    if (buffered) {
      buffered.push(...marks)
    } else {
      await writeParts(await sqlHandle(req), markParts(marks))
    }
    pending.forEach((p, k) => {
      results[p.index] = applied[k]
    })
  }
  return { outcomes: held.map((_, index) => results[index] ?? results[firstOf(index)]!), applied: pending.length }
}

/** How many events one transaction applied together, when it applied any. */
const observeBatch = (together: number): void => {
  if (together > 0) {
    metrics().providerEventBatches.observe(together)
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * `applyProviderEvent` for several recorded events in one transaction: `apply` is given the
 * indexes (into `ids`) of those still to apply and answers for each. An id given twice is
 * applied once and answered alike. If applying fails, everything rolls back and each event is
 * tried again alone, so only the one at fault is left to the retry job.
 */
export const applyProviderEvents = async ({ req, ids, apply }: { req: PayloadRequest; ids: readonly number[]; apply: (indexes: number[]) => Promise<Applied[]> }): Promise<Outcome[]> =>
  togetherOrAlone({
    req,
    count: ids.length,
    together: async () => {
      const db = await sqlHandle(req)
      // A delivery racing another one of the same event finds its row locked and answers at once
      // rather than holding a connection until the first commits: the first applies it, or
      // fails and leaves it to the retry job.
      const { rows } = await db.execute(sql`select id, status, outcome from provider_events where id = any(${sqlList(ids)}::int[]) for update skip locked`)
      const locked = new Map((rows as Held[]).map((r) => [Number(r.id), { ...r, id: Number(r.id) }]))
      return settleHeld(req, ids.map((id) => locked.get(id)), apply)
    },
    alone: async (index) => (await applyProviderEvents({ req, ids: [ids[index]!], apply: () => apply([index]) }))[0]!,
    failed: async (error) => {
      const message = messageOf(error)
      const db = await sqlHandle(req)
      await db.execute(sql`update provider_events set status = 'failed', outcome = ${message.slice(0, 500)}, attempts = attempts + 1, updated_at = now() where id = ${ids[0]!}`)
      req.payload.logger.error({ err: error, msg: `payments: provider event ${ids[0]} could not be applied; the payments job tries it again` })
      return [{ status: 'failed', outcome: message }]
    },
  })

/**
 * Events handled in one transaction (`together`, which settles them), or, if that fails, rolled
 * back and each handled again alone, so only the one at fault fails (`failed`, for the retry job).
 */
const togetherOrAlone = async <R>({ req, count, together, alone, failed }: { req: PayloadRequest; count: number; together: () => Promise<{ outcomes: R[]; applied: number }>; alone: (index: number) => Promise<R>; failed: (error: unknown) => Promise<R[]> }): Promise<R[]> => {
  try {
    const settled = await inTransaction(req, together)
    observeBatch(settled.applied)
    return settled.outcomes
  } catch (error) {
    if (count <= 1) {
      return failed(error)
    }
    req.payload.logger.warn({ err: error, msg: `payments: a batch of ${count} provider events could not be applied together; each is handled alone` })
    const results: R[] = []
    for (let index = 0; index < count; index++) {
      results.push(await alone(index))
    }
    return results
  }
}

/** A provider's webhook event, verified, as it came. */
export type Delivered = { provider: EventSource; eventId: string; type: string; account?: string | null; school?: number | null; event: unknown }

/** Advisory locks applying a batch will take first (its orders'), taken as it is recorded: one round trip fewer. */
export type Locks = { namespace: number; ids: readonly number[] }

/** What became of a delivered event, and whether it was recorded before (a repeat). */
export type Handled = Outcome & { duplicate: boolean }

/**
 * Records delivered events by their ids and holds their rows for this transaction, with one
 * statement: a new one is inserted (and so held), one recorded before is locked, unless another
 * transaction holds it. One that another transaction recorded while this statement waited is not
 * in the statement's snapshot: asked again. Inserted in key order, so two processes inserting
 * the same events wait for each other one way only (an insert waits for another transaction's
 * uncommitted row of the same event: the other process is applying it).
 */
const recordHeld = async (req: PayloadRequest, delivered: readonly Delivered[], locks?: Locks): Promise<{ held: Held | undefined; duplicate: boolean }[]> => {
  const db = await sqlHandle(req)
  const locking = locks && lockingAll(req, locks.namespace, locks.ids)
  const column = (pick: (d: Delivered) => string | number | null) => sqlList(delivered.map(pick))
  const { rows } = await executePrepared(db, sql`
    with given as (
      select * from unnest(${column((d) => d.provider)}::text[], ${column((d) => d.eventId)}::text[], ${column((d) => d.type.slice(0, 200))}::text[],
        ${column((d) => d.account ?? null)}::text[], ${column((d) => d.school ?? null)}::int[], ${column((d) => storable(d.event))}::text[])
        with ordinality as g(provider, event_id, type, account, school_id, payload, n)
    ),
    inserted as (
      insert into provider_events (provider, event_id, type, account, school_id, status, attempts, payload, received_at)
      select g.provider::enum_provider_events_provider, g.event_id, g.type, g.account, g.school_id, 'received', 0, g.payload::jsonb, now() from given g order by g.provider, g.event_id
      on conflict (provider, event_id) do nothing
      returning id, provider::text as provider, event_id
    ),
    known as (
      select p.id, p.provider::text as provider, p.event_id, p.status::text as status, p.outcome
      from provider_events p where exists (select 1 from given g where p.provider = g.provider::enum_provider_events_provider and p.event_id = g.event_id)
      for update of p skip locked
    )
    select g.n, i.id as fresh, k.id as known, k.status, k.outcome${locking ? sql`, ${locking} as locked` : sql``}
    from given g
    left join inserted i on i.provider = g.provider and i.event_id = g.event_id
    left join known k on k.provider = g.provider and k.event_id = g.event_id
    order by g.n`)
  const found: ({ held: Held | undefined; duplicate: boolean } | undefined)[] = (rows as { fresh: number | null; known: number | null; status: string | null; outcome: string | null }[]).map((r) =>
    r.fresh !== null ? { held: { id: Number(r.fresh), status: 'received', outcome: null }, duplicate: false } : r.known !== null ? { held: { id: Number(r.known), status: String(r.status), outcome: r.outcome }, duplicate: true } : undefined,
  )
  const missing = delivered.filter((_, index) => !found[index])
  if (missing.length > 0) {
    const again = await db.execute(sql`
      select p.id, p.provider::text as provider, p.event_id, p.status::text as status, p.outcome from provider_events p
      join unnest(${sqlList(missing.map((d) => d.provider))}::text[], ${sqlList(missing.map((d) => d.eventId))}::text[]) as m(provider, event_id) on p.provider = m.provider::enum_provider_events_provider and p.event_id = m.event_id
      for update of p skip locked`)
    const byKey = new Map((again.rows as (Held & { provider: string; event_id: string })[]).map((r) => [`${r.provider} ${r.event_id}`, { id: Number(r.id), status: r.status, outcome: r.outcome }]))
    delivered.forEach((d, index) => {
      found[index] ??= { held: byKey.get(`${d.provider} ${d.eventId}`), duplicate: true }
    })
  }
  return found.map((f) => f!)
}

/**
 * Records delivered events once each, by the provider's event id, and applies those not applied
 * yet, all in one transaction: an event is recorded with what applying it changed, or not at all
 * (its delivery then fails and the provider sends it again). `apply` is given the indexes (into
 * `delivered`) of those to apply. If applying fails, everything rolls back and each event is
 * handled again alone; one that still fails is recorded as failed, outside any transaction, for
 * the retry job, and its delivery is answered all the same. A repeat of an event applied before
 * finds its row and answers with its outcome; one another transaction is applying answers
 * `applying`. One transaction a batch, instead of one to record each event and another to apply
 * the batch: providers deliver by the hundred a second when they catch up.
 */
export const receiveAndApplyProviderEvents = async ({ req, delivered, locks, apply }: { req: PayloadRequest; delivered: readonly Delivered[]; locks?: Locks; apply: (indexes: number[]) => Promise<Applied[]> }): Promise<Handled[]> =>
  togetherOrAlone<Handled>({
    req,
    count: delivered.length,
    together: async () => {
      const recorded = await recordHeld(req, delivered, locks)
      const settled = await settleHeld(req, recorded.map((r) => r.held), apply)
      return { outcomes: settled.outcomes.map((outcome, index) => ({ ...outcome, duplicate: recorded[index]!.duplicate })), applied: settled.applied }
    },
    alone: async (index) => (await receiveAndApplyProviderEvents({ req, delivered: [delivered[index]!], apply: () => apply([index]) }))[0]!,
    failed: (error) => recordFailed(req, delivered[0]!, error),
  })

/** An event that could not be applied, recorded as failed (and its attempt counted) for the retry job; one applied meanwhile stays so. */
const recordFailed = async (req: PayloadRequest, one: Delivered, error: unknown): Promise<Handled[]> => {
  const message = messageOf(error)
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    insert into provider_events (provider, event_id, type, account, school_id, status, attempts, outcome, payload, received_at)
    values (${one.provider}, ${one.eventId}, ${one.type.slice(0, 200)}, ${one.account ?? null}, ${one.school ?? null}, 'failed', 1, ${message.slice(0, 500)}, ${storable(one.event)}::jsonb, now())
    on conflict (provider, event_id) do update set status = 'failed', outcome = excluded.outcome, attempts = provider_events.attempts + 1, updated_at = now()
      where provider_events.status not in ('applied', 'ignored')
    returning id, xmax = 0 as fresh`)
  const row = rows[0] as { id: number; fresh: boolean } | undefined
  req.payload.logger.error({ err: error, msg: `payments: ${one.provider} event ${one.eventId} could not be applied; the payments job tries it again` })
  if (!row) {
    const applied = (await db.execute(sql`select status::text as status, outcome from provider_events where provider = ${one.provider} and event_id = ${one.eventId}`)).rows[0] as { status: string; outcome: string | null }
    return [{ status: applied.status, outcome: applied.outcome ?? '', duplicate: true }]
  }
  return [{ status: 'failed', outcome: message, duplicate: !row.fresh }]
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
