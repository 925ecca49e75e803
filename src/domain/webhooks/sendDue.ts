import type { Payload } from 'payload'

import crypto from 'node:crypto'

import { sql } from '@payloadcms/db-postgres'
import { createLocalReq } from 'payload'

import type { Lookup } from '@/services/webhooks/destination'

import { sqlList } from '@/services/database/adapter'
import { inTransaction, sqlHandle } from '@/services/database/transactions'
import { MAX_ATTEMPTS, retryDelaySeconds } from '@/services/webhooks/backoff'
import { type DeliveryAttempt, sendWebhook } from '@/services/webhooks/deliver'
import { webhookHeaders } from '@/services/webhooks/signature'
import { metrics } from '@/services/metrics/registry'
import { settings } from '@/settings'

import { signingSecrets, webhookAllowList } from './endpointRules'

type Claimed = {
  id: number
  messageId: string
  body: string
  attempts: number
  endpointId: number
  tenantId: number
  url: string
  secrets: string[]
}

/**
 * How long claimed deliveries are left to their worker before another may take them (a worker
 * that died mid-send): long enough for the whole batch, sent `concurrency` at a time, each
 * taking up to the timeout, and recorded.
 */
const leaseMs = (batch: number, concurrency: number) => Math.ceil(batch / concurrency) * settings.webhooks.timeoutMs + 30_000

/**
 * Claims due deliveries (or exactly `only`) for this worker: rows locked with SKIP LOCKED and
 * their next attempt moved past the lease, so a second worker takes others, and a worker that
 * dies leaves them to be tried again once the lease runs out.
 */
const claim = async (payload: Payload, now: Date, limit: number, concurrency: number, only?: number): Promise<Claimed[]> => {
  const req = await createLocalReq({}, payload)
  return inTransaction(req, async () => {
    const db = await sqlHandle(req)
    const { rows } = await db.execute(sql`
      select d.id, d.message_id, d.body, d.attempts, d.endpoint_id, e.tenant_id, e.url, e.secret, e.previous_secret, e.previous_secret_expires_at
      from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
      where d.status = 'pending' and e.active
        and ${only === undefined ? sql`d.next_attempt_at <= ${now.toISOString()}` : sql`d.id = ${only}`}
      order by d.next_attempt_at, d.id
      limit ${limit}
      for update of d skip locked`)
    if (rows.length === 0) {
      return []
    }
    const ids = `{${rows.map((r) => Number(r.id)).join(',')}}`
    await db.execute(sql`update webhook_deliveries set next_attempt_at = ${new Date(now.getTime() + leaseMs(limit, concurrency)).toISOString()} where id = any(${ids}::int[])`)
    return rows.map((r) => ({
      id: Number(r.id),
      messageId: String(r.message_id),
      body: String(r.body),
      attempts: Number(r.attempts),
      endpointId: Number(r.endpoint_id),
      tenantId: Number(r.tenant_id),
      url: String(r.url),
      secrets: signingSecrets(
        { secret: r.secret as string | null, previousSecret: r.previous_secret as string | null, previousSecretExpiresAt: r.previous_secret_expires_at ? new Date(r.previous_secret_expires_at as string).toISOString() : null },
        now,
      ),
    }))
  })
}

type Sent = { delivery: Claimed; attempt: DeliveryAttempt; at: Date }
type Recorded = Sent & { gaveUp: boolean }

/** What comes after an attempt: done, another try later, or giving up. */
const outcomeOf = ({ delivery, attempt, at }: Sent) => {
  const attempts = delivery.attempts + 1
  const delay = attempt.ok ? null : retryDelaySeconds(attempts)
  const gaveUp = !attempt.ok && delay === null
  return {
    id: delivery.id,
    attempts,
    gaveUp,
    status: attempt.ok ? 'succeeded' : gaveUp ? 'failed' : 'pending',
    next: attempt.ok || gaveUp ? null : new Date(at.getTime() + delay! * 1000).toISOString(),
  }
}

/**
 * Logs a batch's attempts and what comes next for each, in one transaction (a transaction per
 * attempt would bound throughput by commits). An endpoint whose delivery was given up on is
 * turned off.
 */
const recordAll = async (payload: Payload, sent: Sent[]): Promise<Recorded[]> => {
  if (sent.length === 0) {
    return []
  }
  const outcomes = sent.map(outcomeOf)
  const column = <T>(pick: (s: Sent, i: number) => T) => sent.map(pick)
  const req = await createLocalReq({}, payload)
  await inTransaction(req, async () => {
    const db = await sqlHandle(req)
    await db.execute(sql`
      update webhook_deliveries d set attempts = u.attempts, status = u.status::enum_webhook_deliveries_status, next_attempt_at = u.next::timestamptz, last_status = u.last_status, updated_at = now()
      from unnest(${sqlList(outcomes.map((o) => o.id))}::int[], ${sqlList(outcomes.map((o) => o.attempts))}::int[], ${sqlList(outcomes.map((o) => o.status))}::text[],
                  ${sqlList(outcomes.map((o) => o.next))}::text[], ${sqlList(column((s) => s.attempt.status ?? null))}::int[])
        as u(id, attempts, status, next, last_status)
      where d.id = u.id`)
    await db.execute(sql`
      insert into webhook_deliveries_attempt_log (_order, _parent_id, id, at, status, duration_ms, error, response_excerpt)
      select * from unnest(${sqlList(outcomes.map((o) => o.attempts))}::int[], ${sqlList(outcomes.map((o) => o.id))}::int[],
        ${sqlList(column(() => crypto.randomUUID()))}::varchar[], ${sqlList(column((s) => s.at.toISOString()))}::timestamptz[],
        ${sqlList(column((s) => s.attempt.status ?? null))}::numeric[],
        ${sqlList(column((s) => Math.round(s.attempt.durationMs)))}::numeric[],
        ${sqlList(column((s) => s.attempt.error?.slice(0, 500) ?? null))}::varchar[], ${sqlList(column((s) => s.attempt.responseExcerpt ?? null))}::varchar[])`)
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.gaveUp) {
        const { delivery, at } = sent[index]!
        await db.execute(sql`
          update webhook_endpoints set active = false, disabled_reason = ${`Turned off on ${at.toISOString().slice(0, 10)}: a delivery failed ${MAX_ATTEMPTS} times over about three days.`}, updated_at = now()
          where id = ${delivery.endpointId} and active`)
      }
    }
  })
  return sent.map((s, index) => ({ ...s, gaveUp: outcomes[index]!.gaveUp }))
}

/** Tells a school's admins that one of their endpoints was turned off. */
const tellAdmins = async (payload: Payload, delivery: Claimed): Promise<void> => {
  const req = await createLocalReq({}, payload)
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    select distinct u.email from users u join users_tenants m on m._parent_id = u.id join users_tenants_roles r on r.parent_id = m.id
    where m.tenant_id = ${delivery.tenantId} and r.value = 'tenant-admin' and not coalesce(m.suspended, false) and coalesce(u.kind, 'person') <> 'integration'`)
  const to = rows.map((r) => String(r.email))
  if (to.length === 0) {
    return
  }
  await payload.sendEmail({
    to,
    subject: 'A webhook endpoint was turned off',
    text: `Deliveries to ${delivery.url} kept failing for about three days, so the endpoint was turned off. Fix the receiver, tick "active" on the endpoint again, and replay the failed deliveries from the admin panel.`,
  })
}

/** Runs `work` over `items`, at most `limit` at a time. */
const inParallel = async <T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length)
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return results
}

export type SendOptions = {
  payload: Payload
  now?: () => Date
  /** Deliveries claimed at a time. */
  batch?: number
  /** Requests in flight at once. */
  concurrency?: number
  /** For tests: how host names resolve. */
  lookup?: Lookup
}

/** Sends one claimed delivery (recorded by the caller, with its batch). */
const send = async ({ now = () => new Date(), lookup }: SendOptions, delivery: Claimed): Promise<Sent> => {
  const at = now()
  const timestamp = Math.floor(at.getTime() / 1000)
  const attempt =
    delivery.secrets.length === 0
      ? { ok: false, durationMs: 0, error: 'The endpoint has no secret.' }
      : await sendWebhook({
          url: delivery.url,
          headers: webhookHeaders({ id: delivery.messageId, timestamp, body: delivery.body, secrets: delivery.secrets }),
          body: delivery.body,
          timeoutMs: settings.webhooks.timeoutMs,
          allow: webhookAllowList(),
          lookup,
        })
  return { delivery, attempt, at }
}

/** Sends claimed deliveries, records them together, and tells the admins of any endpoint turned off. */
const sendAll = async (options: SendOptions, claimed: Claimed[], concurrency: number): Promise<Recorded[]> => {
  const { payload } = options
  const recorded = await recordAll(payload, await inParallel(claimed, concurrency, (delivery) => send(options, delivery)))
  for (const r of recorded) {
    metrics().webhookDeliveries.inc({ outcome: r.attempt.ok ? 'succeeded' : r.gaveUp ? 'gave_up' : 'failed' })
  }
  for (const { delivery } of recorded.filter((r) => r.gaveUp)) {
    await tellAdmins(payload, delivery).catch((error: unknown) => payload.logger.error({ err: error, msg: `webhooks: could not tell the admins of school ${delivery.tenantId}` }))
  }
  return recorded
}

/**
 * Sends every due delivery, `concurrency` at a time, until none is due (or `signal` asks to
 * stop: then after the batch in hand is sent and recorded, so a restart sends none twice). Each
 * attempt is logged with its status, duration and the start of the answer; failures are tried
 * again with backoff for about three days, then the endpoint is turned off and its school's
 * admins are told. Answers how many attempts were made and how many succeeded.
 */
export const sendDueWebhooks = async (options: SendOptions & { signal?: AbortSignal }): Promise<{ attempted: number; succeeded: number }> => {
  const { payload, now = () => new Date(), batch = 64, concurrency = 16, signal } = options
  let attempted = 0
  let succeeded = 0
  while (!signal?.aborted) {
    const claimed = await claim(payload, now(), batch, concurrency)
    if (claimed.length === 0) {
      break
    }
    const results = await sendAll(options, claimed, concurrency)
    attempted += results.length
    succeeded += results.filter((r) => r.attempt.ok).length
  }
  return { attempted, succeeded }
}

/** Sends one delivery now, whatever its schedule (a replay, a test event); undefined when it is not pending or its endpoint is off. */
export const sendDeliveryNow = async (options: SendOptions, deliveryId: number): Promise<DeliveryAttempt | undefined> => {
  const claimed = await claim(options.payload, (options.now ?? (() => new Date()))(), 1, 1, deliveryId)
  return (await sendAll(options, claimed, 1))[0]?.attempt
}
