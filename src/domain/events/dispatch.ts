import type { Payload, PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'
import { createLocalReq } from 'payload'

import { retryDelaySeconds } from '@/services/webhooks/backoff'
import { postgresAdapter, type SqlHandle, sqlList } from '@/services/database/adapter'
import { inTransaction, LOCKS, sqlHandle } from '@/services/database/transactions'
import { withRequestId } from '@/shared/requestContext'

import type { StoredEvent, Subscriber } from './subscriber'

const BATCH = 200
/** Events handed to a subscriber per transaction. */
const PER_TRANSACTION = 50

type Row = Record<string, unknown>

const toEvent = (row: Row): StoredEvent => ({
  id: Number(row.id),
  type: row.type as StoredEvent['type'],
  version: Number(row.version),
  tenant: row.tenant_id === null ? null : Number(row.tenant_id),
  subjectCollection: String(row.subject_collection),
  subjectId: String(row.subject_id),
  actorId: row.actor_id === null ? null : Number(row.actor_id),
  actorLabel: (row.actor_label as string | null) ?? null,
  payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>,
  occurredAt: new Date(row.occurred_at as string).toISOString(),
  requestId: typeof row.request_id === 'string' ? row.request_id : null,
})

/**
 * Where a subscriber's unsettled events may still be: every event written by a transaction
 * older than this is settled (done, or given up on) for it. Kept per subscriber in
 * `event_cursors` and moved by `advanceCursor`, so a pass reads recent events, not the log.
 */
const cursorOf = async (db: SqlHandle, subscriber: string): Promise<string> => {
  const { rows } = await db.execute(sql`select settled_before::text as at from event_cursors where subscriber = ${subscriber}`)
  return rows[0] ? String(rows[0].at) : '0'
}

/** Events the subscriber has not settled and that are due, oldest first. */
const dueEvents = async (db: SqlHandle, subscriber: string, now: Date): Promise<StoredEvent[]> => {
  const { rows } = await db.execute(sql`
    with recent as materialized (select * from domain_events where txid >= ${await cursorOf(db, subscriber)}::xid8)
    select e.* from recent e
    where not exists (
      select 1 from event_receipts r
      where r.subscriber = ${subscriber} and r.event_id = e.id and (r.status <> 'retrying' or r.next_attempt_at > ${now.toISOString()})
    )
    order by e.id limit ${BATCH}`)
  return rows.map(toEvent)
}

/**
 * Moves the subscriber's cursor up to the oldest transaction that may still hold an unsettled
 * event of it: the oldest one with an unsettled event, or the oldest still running (its events
 * are not visible yet, and ids are taken before commit, so an id cursor would skip them).
 */
const advanceCursor = async (db: SqlHandle, subscriber: string): Promise<void> => {
  const from = await cursorOf(db, subscriber)
  await db.execute(sql`
    insert into event_cursors (subscriber, settled_before)
    select ${subscriber}, least(
      pg_snapshot_xmin(pg_current_snapshot()),
      (select min(e.txid) from domain_events e
        where e.txid >= ${from}::xid8
          and not exists (select 1 from event_receipts r where r.subscriber = ${subscriber} and r.event_id = e.id and r.status <> 'retrying')))
    on conflict (subscriber) do update set settled_before = greatest(event_cursors.settled_before, excluded.settled_before)`)
}

type Outcome = 'handled' | 'already' | 'blocked'

const subjectOf = (event: StoredEvent) => `${event.subjectCollection}:${event.subjectId}`

/** The advisory lock key of a subscriber's subject (a SQL text expression for the subject): one key for claiming and for recording a failure. */
const subjectLockKey = (subscriber: string, subject: ReturnType<typeof sql>) => sql`${LOCKS.eventSubject}::int, hashtext(${subscriber} || '|' || ${subject})`

/**
 * Takes a group of events for the subscriber in the caller's transaction, in three statements
 * whatever the group's size, and answers each one's outcome (those `handled` are still to be
 * handed over, in this transaction). The subjects' locks and the check for earlier unsettled
 * events keep a subject's events in order, across workers; the receipts' unique rows mean a
 * second worker (or a rerun after a crash) finds them done. A subject another worker holds, or
 * one with an earlier event still unsettled (or `held` by this pass), is left for a later pass
 * with all its events here, rather than waited for: two workers taking several subjects each
 * in one transaction would otherwise deadlock.
 */
const claimGroup = async (db: SqlHandle, subscriber: string, group: StoredEvent[], held: ReadonlySet<string>, now: Date): Promise<Map<number, Outcome>> => {
  const subjects = [...new Set(group.map(subjectOf).filter((subject) => !held.has(subject)))]
  const { rows: locks } = await db.execute(sql`
    select s as subject, pg_try_advisory_xact_lock(${subjectLockKey(subscriber, sql`s`)}) as got
    from unnest(${sqlList(subjects)}::text[]) as s`)
  const locked = new Set(locks.filter((row) => row.got === true).map((row) => String(row.subject)))
  const ids = sqlList(group.map((e) => e.id))
  // Events with an earlier one of the same subject outside this group not settled yet, and
  // events that failed since this pass read them (their backoff runs; recordFailure writes under
  // the subject's lock, so what it wrote before we took the lock is seen here).
  const { rows: waiting } = await db.execute(sql`
    select g.id from unnest(${ids}::int[], ${sqlList(group.map((e) => e.subjectCollection))}::text[], ${sqlList(group.map((e) => e.subjectId))}::text[]) as g(id, c, s)
    where exists (
      select 1 from domain_events e
      where e.subject_collection = g.c and e.subject_id = g.s and e.id < g.id and e.id <> all(${ids}::int[])
        and not exists (select 1 from event_receipts r where r.subscriber = ${subscriber} and r.event_id = e.id and r.status <> 'retrying'))
    or exists (
      select 1 from event_receipts r
      where r.subscriber = ${subscriber} and r.event_id = g.id and r.status = 'retrying' and r.next_attempt_at > ${now.toISOString()})`)
  const late = new Set(waiting.map((row) => Number(row.id)))
  const outcomes = new Map<number, Outcome>()
  const stopped = new Set<string>()
  const eligible: number[] = []
  for (const event of group) {
    const subject = subjectOf(event)
    // Once one of a subject's events waits, its later ones here wait too.
    if (stopped.has(subject) || !locked.has(subject) || late.has(event.id)) {
      stopped.add(subject)
      outcomes.set(event.id, 'blocked')
    } else {
      eligible.push(event.id)
    }
  }
  if (eligible.length > 0) {
    const { rows: claimed } = await db.execute(sql`
      insert into event_receipts (subscriber, event_id, status, attempts, handled_at)
      select ${subscriber}, id, 'done', 1, ${now.toISOString()} from unnest(${sqlList(eligible)}::int[]) as id
      on conflict (subscriber, event_id) do update
        set status = 'done', attempts = event_receipts.attempts + 1, handled_at = excluded.handled_at, next_attempt_at = null, last_error = null
        where event_receipts.status = 'retrying'
      returning event_id`)
    const taken = new Set(claimed.map((row) => Number(row.event_id)))
    for (const id of eligible) {
      outcomes.set(id, taken.has(id) ? 'handled' : 'already')
    }
  }
  return outcomes
}

/** Hands claimed events over, oldest first; `failed` learns which one a one-at-a-time subscriber failed on. */
const handOver = async (req: PayloadRequest, subscriber: Subscriber, events: StoredEvent[], failed: (event: StoredEvent) => void): Promise<void> => {
  if (events.length === 0) {
    return
  }
  if (subscriber.handleAll) {
    await subscriber.handleAll({ req, events })
    return
  }
  for (const event of events) {
    // Under the id of the request that caused the event: the jobs it queues, and their log lines, carry it.
    const handling = () => subscriber.handle({ req, event })
    await (event.requestId ? withRequestId(event.requestId, handling) : handling()).catch((error: unknown) => {
      failed(event)
      throw error
    })
  }
}

/**
 * A failed attempt: tried again later with backoff, or given up on (and then no longer blocks its
 * subject). Written in one transaction under the subject's lock, so a dispatcher holding that lock
 * sees either nothing or the receipt with its next attempt already set.
 */
const recordFailure = async (payload: Payload, subscriber: Subscriber, event: StoredEvent, error: unknown, now: Date): Promise<void> => {
  const req = await createLocalReq({}, payload)
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000)
  const attempts = await inTransaction(req, async () => {
    const db = await sqlHandle(req)
    // Waited for, not tried: this transaction holds nothing else, so it cannot be part of a deadlock.
    await db.execute(sql`select pg_advisory_xact_lock(${subjectLockKey(subscriber.name, sql`${subjectOf(event)}`)})`)
    const { rows } = await db.execute(sql`
      insert into event_receipts (subscriber, event_id, status, attempts, handled_at, last_error)
      values (${subscriber.name}, ${event.id}, 'retrying', 1, ${now.toISOString()}, ${message})
      on conflict (subscriber, event_id) do update
        set attempts = event_receipts.attempts + 1, handled_at = excluded.handled_at, last_error = excluded.last_error
        where event_receipts.status = 'retrying'
      returning attempts`)
    const made = Number(rows[0]?.attempts ?? 0)
    if (made === 0) {
      return 0
    }
    const delay = retryDelaySeconds(made)
    await db.execute(
      delay === null
        ? sql`update event_receipts set status = 'failed', next_attempt_at = null where subscriber = ${subscriber.name} and event_id = ${event.id}`
        : sql`update event_receipts set next_attempt_at = ${new Date(now.getTime() + delay * 1000).toISOString()} where subscriber = ${subscriber.name} and event_id = ${event.id}`,
    )
    return made
  })
  if (attempts > 0) {
    payload.logger.warn({ err: error, msg: `events: ${subscriber.name} failed on event ${event.id} (${event.type}), attempt ${attempts}` })
  }
}

/** Events a subscriber ignores are settled in one statement: nothing to do, nothing to order. */
const settleIgnored = async (db: SqlHandle, subscriber: Subscriber, events: StoredEvent[], now: Date): Promise<void> => {
  const ignored = events.filter((e) => !subscriber.handles(e.type)).map((e) => e.id)
  if (ignored.length === 0) {
    return
  }
  await db.execute(sql`
    insert into event_receipts (subscriber, event_id, status, attempts, handled_at)
    select ${subscriber.name}, id, 'done', 1, ${now.toISOString()} from unnest(${sqlList(ignored)}::int[]) as id
    on conflict (subscriber, event_id) do nothing`)
}

export type DispatchResult = { handled: number; failed: number }

type Pass = { subscriber: Subscriber; now: () => Date; result: DispatchResult; blocked: Set<string> }

/**
 * A group of events in one transaction (a commit per event would bound throughput by commits).
 * If the subscriber fails on one, the group rolls back, that event is recorded as failed (its
 * subject waits), and the rest go again; if it cannot tell which one (a group handed over at
 * once, or the commit failed), they go again one by one. Answers whether any event was settled.
 */
const deliverGroup = async (payload: Payload, pass: Pass, group: StoredEvent[]): Promise<boolean> => {
  const { subscriber, now, result, blocked } = pass
  const req = await createLocalReq({}, payload)
  let failing: StoredEvent | undefined
  let error: unknown
  const outcomes = await inTransaction(req, async () => {
    const found = await claimGroup(await sqlHandle(req), subscriber.name, group, blocked, now())
    await handOver(req, subscriber, group.filter((event) => found.get(event.id) === 'handled'), (event) => (failing = event))
    return found
  }).catch((caught: unknown) => {
    error = caught
    return undefined
  })
  if (!outcomes) {
    if (!failing && group.length === 1) {
      failing = group[0]
    }
    if (!failing) {
      let progressed = false
      for (const event of group) {
        if (!blocked.has(subjectOf(event))) {
          progressed = (await deliverGroup(payload, pass, [event])) || progressed
        }
      }
      return progressed
    }
    const event: StoredEvent = failing
    blocked.add(subjectOf(event))
    result.failed += 1
    await recordFailure(payload, subscriber, event, error, now())
    const rest = group.filter((e) => e !== event)
    return rest.length > 0 && deliverGroup(payload, pass, rest)
  }
  for (const event of group) {
    const outcome = outcomes.get(event.id)
    if (outcome === 'blocked') {
      blocked.add(subjectOf(event))
    }
    result.handled += outcome === 'handled' ? 1 : 0
  }
  return [...outcomes.values()].some((outcome) => outcome !== 'blocked')
}

/**
 * Hands new events to every subscriber, at least once and in order per subject, until none is
 * due (or `maxPasses` batches ran, or `signal` asks to stop: then between two transactions, so
 * nothing is left half done). Safe with several workers at once. Answers what it did.
 */
export const dispatchEvents = async ({
  payload,
  subscribers,
  now = () => new Date(),
  maxPasses = 50,
  signal,
}: {
  payload: Payload
  subscribers: readonly Subscriber[]
  now?: () => Date
  maxPasses?: number
  signal?: AbortSignal
}): Promise<DispatchResult> => {
  const result: DispatchResult = { handled: 0, failed: 0 }
  const db = postgresAdapter(payload).drizzle
  for (const subscriber of subscribers) {
    for (let round = 0; round < maxPasses && !signal?.aborted; round++) {
      const events = await dueEvents(db, subscriber.name, now())
      if (events.length === 0) {
        break
      }
      await settleIgnored(db, subscriber, events, now())
      const pass: Pass = { subscriber, now, result, blocked: new Set() }
      const handled = events.filter((e) => subscriber.handles(e.type))
      let progressed = false
      for (let at = 0; at < handled.length && !signal?.aborted; at += PER_TRANSACTION) {
        progressed = (await deliverGroup(payload, pass, handled.slice(at, at + PER_TRANSACTION))) || progressed
      }
      if (!progressed && handled.length === events.length) {
        break
      }
    }
    await advanceCursor(db, subscriber.name)
  }
  return result
}
