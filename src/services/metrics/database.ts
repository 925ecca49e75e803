import type { Payload } from 'payload'

import client from 'prom-client'

import { aroundConnect, postgresAdapter } from '@/services/database/adapter'

import { metrics } from './registry'

/**
 * Figures read from the database when Prometheus scrapes, so they are true whichever process
 * (web or worker) answers the scrape: the job queues, the event outbox, the webhook backlog,
 * and this process's connection pool. `watchDatabase` points them at a Payload instance.
 */
const KEY = Symbol.for('aqoon.metrics.database')

type Watched = { payload?: Payload }

const watched = (): Watched => {
  const holder = globalThis as typeof globalThis & { [KEY]?: Watched }
  if (!holder[KEY]) {
    holder[KEY] = {}
    register(holder[KEY])
  }
  return holder[KEY]
}

type Row = Record<string, unknown>

const rowsOf = async (payload: Payload, text: string, values: unknown[] = []): Promise<Row[]> => {
  const pool = postgresAdapter(payload).pool
  return pool ? (await pool.query(text, values)).rows : []
}

/** The subscribers whose lag is shown: every one the dispatcher keeps a cursor or a receipt for. */
const OUTBOX_LAG = `
  with subscribers as (select subscriber from event_cursors union select distinct subscriber from event_receipts)
  select s.subscriber, count(e.id)::int as unsettled, coalesce(extract(epoch from now() - min(e.occurred_at)), 0)::float as age
  from subscribers s
  left join event_cursors c on c.subscriber = s.subscriber
  left join domain_events e on e.txid >= coalesce(c.settled_before, '0'::xid8)
    and not exists (select 1 from event_receipts r where r.subscriber = s.subscriber and r.event_id = e.id and r.status <> 'retrying')
  group by s.subscriber`

/** Jobs that are due and waiting for a worker, per queue, and how long the oldest has waited. */
const QUEUES = `
  select queue, count(*)::int as waiting, extract(epoch from now() - min(greatest(created_at, coalesce(wait_until, created_at))))::float as age
  from payload_jobs
  where processing is not true and completed_at is null and has_error is not true and (wait_until is null or wait_until <= now())
  group by queue`

const register = (state: Watched) => {
  const { registry } = metrics()
  const on = { registers: [registry] }
  // One read per scrape for the gauges that share a query: the first gauge reads, the others use its rows.
  let queues: Promise<Row[]> | undefined
  let outbox: Promise<Row[]> | undefined
  const read = (which: 'queues' | 'outbox'): Promise<Row[]> => {
    const { payload } = state
    if (!payload) {
      return Promise.resolve([])
    }
    if (which === 'queues') {
      queues ??= rowsOf(payload, QUEUES).finally(() => setImmediate(() => (queues = undefined)))
      return queues
    }
    outbox ??= rowsOf(payload, OUTBOX_LAG).finally(() => setImmediate(() => (outbox = undefined)))
    return outbox
  }
  const fill = (gauge: client.Gauge<string>, rows: Row[], label: string, value: string) => {
    gauge.reset()
    for (const row of rows) {
      gauge.set({ [label]: String(row[label]) }, Number(row[value]))
    }
  }

  new client.Gauge({
    name: 'aqoon_jobs_waiting',
    help: 'Jobs due and waiting for a worker, per queue.',
    labelNames: ['queue'],
    ...on,
    async collect() {
      fill(this, await read('queues'), 'queue', 'waiting')
    },
  })
  new client.Gauge({
    name: 'aqoon_jobs_oldest_age_seconds',
    help: 'How long the oldest due job of each queue has waited for a worker.',
    labelNames: ['queue'],
    ...on,
    async collect() {
      fill(this, await read('queues'), 'queue', 'age')
    },
  })
  new client.Gauge({
    name: 'aqoon_outbox_unsettled_events',
    help: 'Domain events a subscriber has not handled yet (or is retrying).',
    labelNames: ['subscriber'],
    ...on,
    async collect() {
      fill(this, await read('outbox'), 'subscriber', 'unsettled')
    },
  })
  new client.Gauge({
    name: 'aqoon_outbox_lag_seconds',
    help: 'Age of the oldest domain event a subscriber has not handled yet; 0 when it is up to date.',
    labelNames: ['subscriber'],
    ...on,
    async collect() {
      fill(this, await read('outbox'), 'subscriber', 'age')
    },
  })
  new client.Gauge({
    name: 'aqoon_webhook_deliveries_pending',
    help: 'Webhook deliveries waiting to be sent or retried, to endpoints that are on.',
    ...on,
    async collect() {
      const { payload } = state
      const rows = payload
        ? await rowsOf(payload, `select count(*)::int as n from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id where d.status = 'pending' and e.active`)
        : []
      this.set(Number(rows[0]?.n ?? 0))
    },
  })
  new client.Gauge({
    name: 'aqoon_db_pool_connections',
    help: "This process's database connections: total open, idle, and queries waiting for one.",
    labelNames: ['state'],
    ...on,
    collect() {
      const pool = state.payload ? postgresAdapter(state.payload).pool : undefined
      this.set({ state: 'total' }, pool?.totalCount ?? 0)
      this.set({ state: 'idle' }, pool?.idleCount ?? 0)
      this.set({ state: 'waiting' }, pool?.waitingCount ?? 0)
    },
  })
}

/** Points the database figures at `payload` (the latest one to start in this process). */
export const watchDatabase = (payload: Payload): void => {
  watched().payload = payload
  const pool = postgresAdapter(payload).pool
  if (pool) {
    // Times every wait for a connection.
    aroundConnect(pool, 'poolWait', () => metrics().poolWait.startTimer(), (stop) => stop())
  }
}
