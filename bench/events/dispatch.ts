import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type pg from 'pg'

import { loadAverage } from '../shared/runInfo'
import type { CeilingInput, CeilingMode, CeilingResult } from './ceiling'
import { backendCpu, cpuBetween, namedConnections } from './postgresCpu'
import { type Receiver, reconcile } from './receiver'
import { type Endpoint, type School, seedEnrollmentEvents } from './seed'
import { startWorker, stopWorker, type Worker } from './worker'

export type ScenarioName = 'steady' | 'sigterm' | 'sigkill'
export const SCENARIO_NAMES: ScenarioName[] = ['steady', 'sigterm', 'sigkill']

/** The sender's own concurrency (sendDueWebhooks' default), which the ceiling uses too. */
export const CONCURRENCY = 16

export type ScenarioResult = {
  scenario: ScenarioName
  events: number
  /** The scenario's domain_events ids, first and last. */
  eventIds: { first: number; last: number }
  /** Events already in the outbox, all settled, when the scenario's own were written (earlier scenarios'). */
  settledBefore: number
  /** Worker start to the first event handed to a subscriber (its first receipt): booting Payload. */
  firstDispatchAfterMs: number
  /**
   * Worker start to the first delivery received: booting, then the first pass's dispatching
   * (up to 50 x 200 events to every subscriber) before it sends anything.
   */
  firstDeliveryAfterMs: number
  /** Worker start to every webhook-id received (restarts included). */
  secondsToAll: number
  /** First delivery to the last webhook-id received for the first time. */
  firstToLastSeconds: number
  /** The first event dispatched to the last webhook-id received for the first time: dispatching and sending, not booting. */
  fromFirstDispatchSeconds: number
  /** Worker start to the last request of all, repeats included (after a SIGKILL, those its lease held back). */
  lastCopyAfterSeconds: number
  /**
   * `fromFirstDispatch` is the dispatcher's throughput from a backlog: every event through its
   * subscribers and out as a delivery. `firstToLast` leaves out the dispatching done before the
   * first send, all of it when the backlog fits one pass (10,000 events), so it grows as the
   * backlog shrinks. `fromWorkerStart` adds booting Payload.
   */
  deliveriesPerSecond: { fromFirstDispatch: number; firstToLast: number; fromWorkerStart: number }
  restart?: {
    signal: 'SIGTERM' | 'SIGKILL'
    /** Distinct webhook-ids received when the signal was sent. */
    atReceived: number
    /** Signal to exit; for SIGTERM the worker finishes the pass in flight first. */
    stopMs: number
    /** SIGTERM only: the worker had not exited by the deadline and was killed. */
    forced: boolean
    /** Distinct webhook-ids received between the signal and the exit. */
    receivedWhileStopping: number
    /** Second worker's start to the last webhook-id received. */
    secondWorkerToAllMs: number
  }
  /** Every webhook-id received to every delivery `succeeded` in the database. */
  settledAfterMs: number
  requests: number
  lost: number
  duplicatedIds: number
  extraCopies: number
  unexpected: number
  badSignatures: number
  /** Receipts `done` per subscriber for the scenario's events: each should be `events`. */
  receipts: Record<string, number>
  deliveryRows: number
  attemptsLogged: number
  worker: {
    peakRssMiB: number
    kernelPeakRssMiB: number
    /** The first worker's CPU time up to its first receipt: booting Payload. */
    cpuMsToFirstDispatch: number
    /**
     * CPU time per delivery after booting: the first worker's from its first receipt to the
     * signal (or the last new id), a second worker's from its first delivery to the last new id
     * (its booting left out too; after a SIGKILL this includes idling through the dead worker's lease).
     */
    cpuMsPerDelivery: number
    /** The same for the PostgreSQL backends serving the workers (10 ms clock ticks, summed). */
    postgresCpuMsPerDelivery: number
  }
  /**
   * Where the first worker's time went: dispatching (first receipt to first delivery; with a
   * backlog of one pass or less that is all the dispatching) and sending, CPU per event of each.
   */
  phases: {
    dispatchSeconds: number
    dispatchCpuMsPerEvent: { worker: number; postgres: number }
    sendCpuMsPerDelivery: { worker: number; postgres: number }
  }
  loadAverage: number
}

export type CeilingRow = CeilingResult & { receiverPerSecond: number; lost: number; duplicatedIds: number; badSignatures: number }

type Args = {
  db: pg.Client
  databaseUri: string
  dataDir: string
  workerEnv: Record<string, string>
  schools: School[]
  endpoints: Endpoint[]
  receiver: Receiver
  events: number
  /** Set: each worker writes a V8 CPU profile there when it stops. */
  profileDir?: string
  log: (line: string) => void
}

const POLL_MS = 50
/** The workers' connections carry this name, so their PostgreSQL backends' CPU time can be read. */
const WORKER_CONNECTIONS = 'bench-events-worker'
const STOP_DEADLINE_MS = 120_000
/**
 * The restart comes a little before half-way: at half of 20,000 it would fall on the boundary
 * between the worker's first and second pass (a pass dispatches at most 50 x 200 events, then
 * sends them), while sending is where a restart could lose or repeat a delivery.
 */
const RESTART_AT = 0.45
/** The ceiling's rate is steady long before 10,000 requests. */
const CEILING_MESSAGES = 10_000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `check` until it holds; fails at the deadline, or at once if the worker watched has died. */
const waitUntil = async (check: () => boolean | Promise<boolean>, deadlineMs: number, what: string, watched?: { worker: Worker; logFile: string }): Promise<void> => {
  let exit: string | undefined
  void watched?.worker.exited.then((code) => (exit = code))
  const deadline = performance.now() + deadlineMs
  while (!(await check())) {
    if (exit !== undefined) {
      throw new Error(`The worker exited (${exit}) while waiting for ${what}; see ${watched!.logFile}.`)
    }
    if (performance.now() > deadline) {
      throw new Error(`Gave up waiting for ${what} after ${deadlineMs / 1000} s.`)
    }
    await sleep(POLL_MS)
  }
}

const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places

/**
 * One scenario on a fresh set of `events` events: written while no worker runs, then the app's
 * worker started and (for `sigterm` and `sigkill`) signalled once 45% of the webhook-ids have
 * arrived and replaced by a new one. Done once every id has arrived and every delivery is
 * `succeeded` in the database; then lost and duplicated ids are counted.
 */
export const runScenario = async (scenario: ScenarioName, { db, databaseUri, dataDir, workerEnv, schools, endpoints, receiver, events, profileDir, log }: Args): Promise<ScenarioResult> => {
  const settledBefore = Number((await db.query<{ n: string }>('select count(*) as n from domain_events')).rows[0]!.n)
  const seeded = await seedEnrollmentEvents(db, schools, events, `dispatch-${scenario}`)
  // Fresh statistics for the new rows, as autovacuum would have them when events trickle in.
  await db.query('analyze domain_events, event_receipts, webhook_deliveries, webhook_deliveries_attempt_log, enrollments, course_activity')
  const endpointOf = new Map(endpoints.map((e) => [e.tenant, e.id]))
  const expected = seeded.map((s) => `msg_${s.event}_${endpointOf.get(s.tenant)}`)
  const [firstEvent, lastEvent] = [seeded[0]!.event, seeded[seeded.length - 1]!.event]
  log(`${scenario}: ${events} events written (${settledBefore} settled ones before them)`)

  receiver.reset()
  const logFile = path.join(dataDir, `worker-${scenario}.log`)
  const deadlineMs = Math.max(180_000, events * 30)
  const env = { databaseUri: namedConnections(databaseUri, WORKER_CONNECTIONS), env: workerEnv, logFile, profileDir }
  const received = () => receiver.tally().distinct
  const workers: Worker[] = [startWorker(env)]
  const started = workers[0]!.startedAt
  // CPU time of the worker and of its PostgreSQL backends, read at moments of the run: the first
  // worker's first receipt (booting done), its first delivery (the first pass's dispatching
  // done), and the signal or the last new id; a second worker's from its first delivery on.
  type Reading = { node: number; postgres: Map<number, number> }
  const readCpu = async (worker: Worker): Promise<Reading> => ({ node: worker.cpuMs(), postgres: await backendCpu(db, WORKER_CONNECTIONS) })
  const between = (from: Reading, to: Reading) => ({ node: to.node - from.node, postgres: cpuBetween(from.postgres, to.postgres) })
  const dispatched = async () =>
    (await db.query('select 1 from event_receipts where event_id between $1 and $2 limit 1', [firstEvent, lastEvent])).rows.length > 0
  const firstDelivery = (worker: Worker) =>
    waitUntil(() => receiver.tally().lastAt > worker.startedAt || received() >= events, deadlineMs, 'the first delivery', { worker, logFile })
  try {
    const first = workers[0]!
    await waitUntil(dispatched, deadlineMs, 'the first event dispatched', { worker: first, logFile })
    const booted = await readCpu(first)
    await firstDelivery(first)
    const sending = await readCpu(first)
    let firstWorkerEnd: Reading
    let secondWorker: { from: Reading; to: Reading } | undefined
    let restart: ScenarioResult['restart']
    if (scenario !== 'steady') {
      const signal = scenario === 'sigterm' ? 'SIGTERM' : 'SIGKILL'
      await waitUntil(() => received() >= events * RESTART_AT, deadlineMs, `${Math.round(RESTART_AT * 100)}% of ${events} deliveries`, { worker: first, logFile })
      firstWorkerEnd = await readCpu(first)
      const atReceived = received()
      let stopMs: number
      let forced = false
      if (signal === 'SIGTERM') {
        ;({ stopMs, forced } = await stopWorker(first, STOP_DEADLINE_MS))
      } else {
        const killed = performance.now()
        first.signal('SIGKILL')
        await first.exited
        stopMs = Math.round(performance.now() - killed)
      }
      const receivedWhileStopping = received() - atReceived
      log(`${scenario}: ${signal} at ${atReceived} received; exited after ${stopMs} ms${forced ? ' (killed at the deadline)' : ''}, ${receivedWhileStopping} more received meanwhile; starting a new worker`)
      const second = startWorker(env)
      workers.push(second)
      await firstDelivery(second)
      secondWorker = { from: await readCpu(second), to: await readCpu(second) }
      restart = { signal, atReceived, stopMs, forced, receivedWhileStopping, secondWorkerToAllMs: 0 }
    }
    const live = workers[workers.length - 1]!
    await waitUntil(() => received() >= events, deadlineMs, `all ${events} deliveries`, { worker: live, logFile })
    if (secondWorker) {
      secondWorker.to = await readCpu(live)
    } else {
      firstWorkerEnd = await readCpu(live)
    }
    const allAt = performance.now()
    const dispatching = between(booted, sending)
    const sendingFirst = between(sending, firstWorkerEnd!)
    const later = secondWorker ? between(secondWorker.from, secondWorker.to) : { node: 0, postgres: 0 }
    const perEvent = (ms: number) => round(ms / events, 2)
    if (restart) {
      restart.secondWorkerToAllMs = Math.round(receiver.tally().lastNewAt - live.startedAt)
    }
    const settledQuery = async () => {
      const { rows } = await db.query<{ ok: number }>(
        `select count(*) filter (where status = 'succeeded')::int as ok from webhook_deliveries where event_id between $1 and $2`,
        [firstEvent, lastEvent],
      )
      return rows[0]!.ok >= events
    }
    // After a SIGKILL, what the dead worker had sent but not recorded waits out its lease.
    await waitUntil(settledQuery, 180_000, `every delivery to be recorded as succeeded`, { worker: live, logFile })
    const settledAfterMs = Math.round(performance.now() - allAt)
    const memory = workers.map((w) => w.memory())
    const stopped = await stopWorker(live, STOP_DEADLINE_MS)
    if (stopped.forced) {
      log(`${scenario}: the worker did not stop within ${STOP_DEADLINE_MS / 1000} s of SIGTERM and was killed`)
    }

    const tally = receiver.reset()
    const counted = reconcile(tally, expected)
    const receipts = Object.fromEntries(
      (await db.query<{ subscriber: string; n: number }>(
        `select subscriber, count(*)::int as n from event_receipts where event_id between $1 and $2 and status = 'done' group by subscriber order by subscriber`,
        [firstEvent, lastEvent],
      )).rows.map((row) => [row.subscriber, row.n]),
    )
    const { rows: [rows] } = await db.query<{ deliveries: number; attempts: number }>(
      `select count(distinct d.id)::int as deliveries, count(l.id)::int as attempts
         from webhook_deliveries d left join webhook_deliveries_attempt_log l on l._parent_id = d.id
        where d.event_id between $1 and $2`,
      [firstEvent, lastEvent],
    )
    // The first receipt's time is the worker's clock (the same machine's), in ms since the epoch.
    const { rows: [firstReceipt] } = await db.query<{ at: number }>(
      'select (extract(epoch from min(handled_at)) * 1000)::float8 as at from event_receipts where event_id between $1 and $2',
      [firstEvent, lastEvent],
    )
    const firstDispatchAt = firstReceipt!.at - performance.timeOrigin
    const firstToLast = (tally.lastNewAt - tally.firstAt) / 1000
    const fromFirstDispatch = (tally.lastNewAt - firstDispatchAt) / 1000
    const toAll = (tally.lastNewAt - started) / 1000
    return {
      scenario,
      events,
      eventIds: { first: firstEvent, last: lastEvent },
      settledBefore,
      firstDispatchAfterMs: Math.round(firstDispatchAt - started),
      firstDeliveryAfterMs: Math.round(tally.firstAt - started),
      secondsToAll: round(toAll),
      firstToLastSeconds: round(firstToLast, 2),
      fromFirstDispatchSeconds: round(fromFirstDispatch, 2),
      lastCopyAfterSeconds: round((tally.lastAt - started) / 1000),
      deliveriesPerSecond: { fromFirstDispatch: Math.round(events / fromFirstDispatch), firstToLast: Math.round(events / firstToLast), fromWorkerStart: Math.round(events / toAll) },
      restart,
      settledAfterMs,
      requests: tally.requests,
      ...counted,
      badSignatures: tally.badSignatures,
      receipts,
      deliveryRows: rows!.deliveries,
      attemptsLogged: rows!.attempts,
      worker: {
        peakRssMiB: Math.max(...memory.map((m) => m.rssMiB)),
        kernelPeakRssMiB: Math.max(...memory.map((m) => m.peakRssMiB)),
        cpuMsToFirstDispatch: Math.round(booted.node),
        cpuMsPerDelivery: perEvent(dispatching.node + sendingFirst.node + later.node),
        postgresCpuMsPerDelivery: perEvent(dispatching.postgres + sendingFirst.postgres + later.postgres),
      },
      phases: {
        dispatchSeconds: round((tally.firstAt - firstDispatchAt) / 1000, 2),
        dispatchCpuMsPerEvent: { worker: perEvent(dispatching.node), postgres: perEvent(dispatching.postgres) },
        sendCpuMsPerDelivery: { worker: perEvent(sendingFirst.node + later.node), postgres: perEvent(sendingFirst.postgres + later.postgres) },
      },
      loadAverage: loadAverage(),
    }
  } finally {
    for (const worker of workers) {
      worker.signal('SIGKILL')
    }
  }
}

/**
 * The receiver's ceiling: the steady scenario's signed bodies (10,000 at most) POSTed again from a plain loop in
 * a process of its own, at the sender's concurrency, once reusing connections and once with a
 * new connection per request, as the app's sender does. Webhook-ids are prefixed so they are new.
 */
export const runCeiling = async (
  mode: CeilingMode,
  { db, dataDir, receiver, events, firstEvent, lastEvent }: Pick<Args, 'db' | 'dataDir' | 'receiver' | 'events'> & { firstEvent: number; lastEvent: number },
): Promise<CeilingRow> => {
  const { rows } = await db.query<{ message_id: string; body: string; url: string; secret: string }>(
    `select d.message_id, d.body, e.url, e.secret from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
      where d.event_id between $1 and $2 order by d.id limit $3`,
    [firstEvent, lastEvent, Math.min(events, CEILING_MESSAGES)],
  )
  const messages = rows.map((row) => ({ url: row.url, id: `ceiling_${mode}_${row.message_id}`, body: row.body, secret: row.secret }))
  const input = path.join(dataDir, 'ceiling-input.json')
  const output = path.join(dataDir, 'ceiling-result.json')
  fs.writeFileSync(input, JSON.stringify({ mode, concurrency: CONCURRENCY, messages } satisfies CeilingInput))
  fs.rmSync(output, { force: true })
  receiver.reset()
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/events/ceiling.ts', input, output], { stdio: 'inherit' })
  const timer = setTimeout(() => child.kill('SIGKILL'), Math.max(120_000, events * 20))
  const code = await new Promise<number>((resolve) => child.once('exit', (exitCode) => resolve(exitCode ?? 1)))
  clearTimeout(timer)
  if (code !== 0) {
    throw new Error(`bench/events/ceiling.ts (${mode}) exited with ${code}`)
  }
  const result = JSON.parse(fs.readFileSync(output, 'utf8')) as CeilingResult
  const tally = receiver.reset()
  const counted = reconcile(tally, messages.map((m) => m.id))
  return {
    ...result,
    receiverPerSecond: Math.round(messages.length / ((tally.lastNewAt - tally.firstAt) / 1000)),
    lost: counted.lost,
    duplicatedIds: counted.duplicatedIds,
    badSignatures: tally.badSignatures,
  }
}
