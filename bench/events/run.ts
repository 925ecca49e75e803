/**
 * `npm run bench:events`: what the outbox costs the enrollment path, and how fast the app's
 * jobs worker delivers events as webhooks to a local receiver, with and without a worker
 * restart mid-run. Needs nothing but a clone: PostgreSQL is the embedded one, on its own port
 * and folder. Prints Markdown tables and writes bench/events/last-run.json.
 *
 * Knobs for a trial run: BENCH_ENROLLMENTS (25 per variant per round), BENCH_ROUNDS (32),
 * BENCH_WARMUP (50 per variant), BENCH_EVENTS (8000 per dispatch scenario),
 * BENCH_PARTS (enroll,dispatch), BENCH_SCENARIOS (steady,sigterm,sigkill),
 * BENCH_WEBHOOK_TIMEOUT_MS (5000). BENCH_PROFILE=1 writes a V8 CPU profile of every jobs worker
 * to .data/bench-events/profiles (booting included; open it in Chrome DevTools).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { runMigrations } from '@/server/runPayloadCli'
import { startEmbeddedPostgres } from '@/services/database/embeddedPostgres'

import { analyze, seedCourses, seedSchools } from '../catalog/seed'
import { intFromEnv, loadAverage, writeRunRecord } from '../shared/runInfo'
import { CONCURRENCY, type CeilingRow, runCeiling, runScenario, SCENARIO_NAMES, type ScenarioResult } from './dispatch'
import { measureOverhead, type OverheadResult, VARIANTS } from './overhead'
import { startReceiver } from './receiver'
import { openCourses, seedEndpoints, seedStudents } from './seed'
import { percentile } from './stats'

const DATA_DIR = path.resolve('.data/bench-events')
// Apart from the app's defaults, the tests' ports (3107, 3117, 54339-54389), bench:catalog's (54399) and bench:certificates' (54409).
const PG_PORT = 54419
// bench:catalog's schools, with fewer courses each: only the open ones are enrolled in.
const COURSES_PER_SCHOOL = 100
// Schools with a webhook endpoint; the dispatch scenarios' events are theirs.
const ENDPOINT_SCHOOLS = 4

// Many short rounds (a second or two each) rather than a few long ones: a burst of other work on
// the machine then falls on both variants rather than on one variant's round.
const PER_ROUND = intFromEnv(process.env.BENCH_ENROLLMENTS, 25)
const ROUNDS = intFromEnv(process.env.BENCH_ROUNDS, 32)
const WARMUP = intFromEnv(process.env.BENCH_WARMUP, 50)
// Less than one pass of the worker (50 x 200 events): every scenario's events are dispatched
// before the first is sent, which also keeps the three scenarios within a few minutes.
const EVENTS = intFromEnv(process.env.BENCH_EVENTS, 8_000)
const PARTS = new Set((process.env.BENCH_PARTS ?? 'enroll,dispatch').split(',').map((part) => part.trim()))
const chosen = process.env.BENCH_SCENARIOS?.split(',').map((name) => name.trim())
const SCENARIOS = chosen ? SCENARIO_NAMES.filter((name) => chosen.includes(name)) : SCENARIO_NAMES
const PROFILE_DIR = process.env.BENCH_PROFILE === '1' ? path.join(DATA_DIR, 'profiles') : undefined

// How the worker runs: events every 100 ms (the default is 1 s), scheduled jobs out of the way,
// the loopback receiver allowed. The attempt timeout (default 10 s) never matters to a receiver
// answering in a millisecond, but the lease a killed worker leaves on its claimed deliveries is
// made of it: 5 s, as the webhook tests use, keeps the sigkill scenario's tail short.
const WORKER_SETTINGS = {
  EVENTS_INTERVAL_MS: '100',
  JOBS_INTERVAL_SECONDS: '3600',
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1/32',
  WEBHOOK_TIMEOUT_MS: String(intFromEnv(process.env.BENCH_WEBHOOK_TIMEOUT_MS, 5_000)),
}

// The issue's targets.
const TARGET_OVERHEAD_PERCENT = 10
const TARGET_DELIVERIES_PER_SECOND = 500

const log = (line: string) => console.log(`[bench] ${line}`)

const overheadTables = (result: OverheadResult): string[] => [
  '| variant | enrollments | mean ms | p50 ms | p95 ms | p99 ms | max ms | enrollments/s | node CPU ms/enrollment | PostgreSQL CPU ms/enrollment |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...VARIANTS.map((variant) => {
    const v = result.variants[variant]
    return `| ${variant} | ${v.count} | ${v.meanMs} | ${v.p50Ms} | ${v.p95Ms} | ${v.p99Ms} | ${v.maxMs} | ${v.enrollmentsPerSecond} | ${v.cpuMsPerEnrollment} | ${v.postgresCpuMsPerEnrollment} |`
  }),
  '',
  `Overhead with the outbox: ${result.overheadPercent.mean}% by mean, ${result.overheadPercent.p50}% by p50, ${result.overheadPercent.medianOfRounds}% as the median of the rounds' own, ` +
    `${result.overheadPercent.cpu}% in CPU time (node and PostgreSQL) per enrollment (${result.outboxCostMs} ms per enrollment by mean: what validating and inserting the event costs).`,
  '',
  `The rounds' own overhead (by mean), lowest, quartiles, highest: ${[0, 25, 50, 75, 100].map((p) => `${percentile(result.rounds.map((r) => r.overheadPercent), p)}%`).join(', ')} ` +
    `(every round in last-run.json).`,
  '',
  `Checked after every round: ${VARIANTS.map((v) => `${v} ${result.checked[v].enrollments} enrollments, ${result.checked[v].events} domain_events rows`).join('; ')} ` +
    `(with the outbox exactly one enrollment.* event per enrollment, without it none).`,
]

const scenarioTable = (rows: ScenarioResult[]): string[] => [
  '| scenario | events | first dispatch after s | first delivery after s | all received after s | deliveries/s from first dispatch | deliveries/s first→last delivery | deliveries/s from worker start | restart | lost | ids sent twice (extra copies) | last request after s | bad signatures | worker peak RSS MiB | worker CPU s booting | CPU ms/delivery after booting: worker + PostgreSQL | load avg |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => {
    const restart = r.restart
      ? `${r.restart.signal} at ${r.restart.atReceived}: exit after ${(r.restart.stopMs / 1000).toFixed(1)} s${r.restart.forced ? ' (forced)' : ''}, ${r.restart.receivedWhileStopping} sent meanwhile; new worker done in ${(r.restart.secondWorkerToAllMs / 1000).toFixed(1)} s`
      : '—'
    const rate = r.deliveriesPerSecond
    return `| ${r.scenario} | ${r.events} | ${(r.firstDispatchAfterMs / 1000).toFixed(1)} | ${(r.firstDeliveryAfterMs / 1000).toFixed(1)} | ${r.secondsToAll} | ${rate.fromFirstDispatch} | ${rate.firstToLast} | ${rate.fromWorkerStart} | ${restart} | ` +
      `${r.lost} | ${r.duplicatedIds} (${r.extraCopies}) | ${r.lastCopyAfterSeconds} | ${r.badSignatures} | ${r.worker.kernelPeakRssMiB} | ${(r.worker.cpuMsToFirstDispatch / 1000).toFixed(1)} | ` +
      `${r.worker.cpuMsPerDelivery} + ${r.worker.postgresCpuMsPerDelivery} | ${r.loadAverage} |`
  }),
]

/** The steady scenario's two phases: a pass dispatches every due event to every subscriber, then sends. */
const phaseTable = (steady: ScenarioResult): string[] => [
  '| steady scenario, phase | seconds | per second | worker CPU ms each | PostgreSQL CPU ms each |',
  '| --- | ---: | ---: | ---: | ---: |',
  `| dispatch: events through the ${Object.keys(steady.receipts).length} subscribers (first receipt → first delivery) | ${steady.phases.dispatchSeconds} | ` +
    `${Math.round(steady.events / steady.phases.dispatchSeconds)} | ${steady.phases.dispatchCpuMsPerEvent.worker} | ${steady.phases.dispatchCpuMsPerEvent.postgres} |`,
  `| send: signed POSTs and their attempt log (first → last delivery) | ${steady.firstToLastSeconds} | ${steady.deliveriesPerSecond.firstToLast} | ` +
    `${steady.phases.sendCpuMsPerDelivery.worker} | ${steady.phases.sendCpuMsPerDelivery.postgres} |`,
]

const ceilingTable = (rows: CeilingRow[], steady: ScenarioResult | undefined): string[] => [
  '| sender | messages | seconds | sent/s | received/s first→last | failed | lost | bad signatures |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...(steady ? [`| the app's worker (steady, first→last delivery) | ${steady.events} | ${steady.firstToLastSeconds} | — | ${steady.deliveriesPerSecond.firstToLast} | — | ${steady.lost} | ${steady.badSignatures} |`] : []),
  ...rows.map((r) => `| plain loop, ${r.mode} | ${r.sent} | ${r.seconds} | ${r.perSecond} | ${r.receiverPerSecond} | ${r.failed} | ${r.lost} | ${r.badSignatures} |`),
]

const verdicts = (overhead: OverheadResult | undefined, scenarios: ScenarioResult[], ceiling: CeilingRow[]): string[] => {
  const lines: string[] = []
  if (overhead) {
    const met = (value: number) => (value <= TARGET_OVERHEAD_PERCENT ? 'MET' : 'NOT MET')
    lines.push(`enrollment with the outbox vs without: ${overhead.overheadPercent.mean}% slower by mean ${met(overhead.overheadPercent.mean)}, ` +
      `${overhead.overheadPercent.p50}% by p50 ${met(overhead.overheadPercent.p50)} (target <= ${TARGET_OVERHEAD_PERCENT}%); ` +
      `median of the rounds ${overhead.overheadPercent.medianOfRounds}%, CPU time per enrollment ${overhead.overheadPercent.cpu}%`)
  }
  for (const s of scenarios) {
    const complete = Object.values(s.receipts).every((n) => n === s.events) && s.deliveryRows === s.events
    if (s.scenario === 'steady') {
      const met = (rate: number) => (rate >= TARGET_DELIVERIES_PER_SECOND ? 'MET' : 'NOT MET')
      const rate = s.deliveriesPerSecond
      lines.push(`steady dispatch (target >= ${TARGET_DELIVERIES_PER_SECOND} deliveries/s): ${rate.fromFirstDispatch}/s from the first event dispatched to the last delivery ${met(rate.fromFirstDispatch)}; ` +
        `${rate.firstToLast}/s first→last delivery ${met(rate.firstToLast)} (leaves out the dispatching before the first send); ${rate.fromWorkerStart}/s counting the worker's start`)
    }
    const keepsOnce = s.lost === 0 && s.extraCopies === 0 && s.unexpected === 0
    if (s.scenario === 'sigkill') {
      lines.push(`sigkill: ${s.lost} lost, ${s.unexpected} unexpected ${s.lost === 0 && s.unexpected === 0 ? 'MET' : 'NOT MET'} (target 0); ${s.duplicatedIds} ids sent twice ` +
        `(after a kill delivery is at-least-once: what was in flight goes again once its lease runs out; receivers drop repeats by webhook-id)`)
    } else {
      lines.push(`${s.scenario}: ${s.lost} lost, ${s.duplicatedIds} sent twice, ${s.unexpected} unexpected ${keepsOnce ? 'MET' : 'NOT MET'} (target 0 and 0)`)
    }
    if (!complete || s.badSignatures > 0) {
      lines.push(`${s.scenario}: CHECK FAILED: receipts ${JSON.stringify(s.receipts)}, ${s.deliveryRows} delivery rows for ${s.events} events, ${s.badSignatures} bad signatures`)
    }
  }
  const steady = scenarios.find((s) => s.scenario === 'steady')
  for (const c of ceiling) {
    lines.push(`ceiling (${c.mode}): ${c.receiverPerSecond}/s${steady ? `; the worker reaches ${Math.round((steady.deliveriesPerSecond.firstToLast / c.receiverPerSecond) * 100)}% of it` : ''}`)
  }
  return lines
}

process.env.PAYLOAD_SECRET ??= 'bench-events-secret-not-for-production-use'
Object.assign(process.env, { AQOON_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn' })
const childEnv = { NODE_ENV: 'production', AQOON_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn' }

const started = Date.now()
const loadAtStart = loadAverage()
log(`fresh embedded PostgreSQL on port ${PG_PORT}, data in ${path.relative(process.cwd(), DATA_DIR)}`)
const database = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, database: 'aqoon', fresh: true })
const receiver = await startReceiver()
let overhead: OverheadResult | undefined
const scenarios: ScenarioResult[] = []
const ceiling: CeilingRow[] = []
let postgresVersion = ''
try {
  await runMigrations(database.uri)
  const db = new pg.Client({ connectionString: database.uri })
  await db.connect()
  try {
    postgresVersion = (await db.query<{ server_version: string }>('show server_version')).rows[0]!.server_version
    const seeding = Date.now()
    const catalog = await seedSchools(db)
    await seedCourses(db, catalog, 0, COURSES_PER_SCHOOL)
    const schools = await openCourses(db, catalog.tenantIds)
    const students = PARTS.has('enroll') ? await seedStudents(db, schools, 2 * (WARMUP + ROUNDS * PER_ROUND), 'enroll') : []
    await analyze(db)
    log(`seeded ${schools.length} schools (${schools.reduce((n, s) => n + s.courses.length, 0)} open courses) and ${students.length} students in ${((Date.now() - seeding) / 1000).toFixed(0)} s`)

    if (PARTS.has('enroll')) {
      overhead = await measureOverhead({ db, env: { ...childEnv, DATABASE_URI: database.uri }, schools, students, warmup: WARMUP, rounds: ROUNDS, perRound: PER_ROUND, log })
      log(`outbox overhead: ${overhead.overheadPercent.mean}% by mean, ${overhead.overheadPercent.p50}% by p50`)
      // Nobody dispatched these: left in, the dispatch scenarios' worker would deliver them too.
      await db.query('delete from domain_events')
    }

    if (PARTS.has('dispatch')) {
      const endpointSchools = schools.slice(0, ENDPOINT_SCHOOLS)
      const endpoints = await seedEndpoints(db, endpointSchools, receiver.baseUrl)
      for (const endpoint of endpoints) {
        receiver.trust(endpoint.url, endpoint.secret)
      }
      if (PROFILE_DIR) {
        fs.rmSync(PROFILE_DIR, { recursive: true, force: true })
        log(`jobs workers write CPU profiles to ${path.relative(process.cwd(), PROFILE_DIR)}`)
      }
      const args = { db, databaseUri: database.uri, dataDir: DATA_DIR, workerEnv: { ...childEnv, ...WORKER_SETTINGS }, schools: endpointSchools, endpoints, receiver, events: EVENTS, profileDir: PROFILE_DIR, log }
      for (const scenario of SCENARIOS) {
        const result = await runScenario(scenario, args)
        scenarios.push(result)
        log(`${scenario}: ${result.deliveriesPerSecond.fromFirstDispatch} deliveries/s from the first dispatch, ${result.deliveriesPerSecond.firstToLast}/s first→last delivery, all in ${result.secondsToAll} s from the worker's start; ` +
          `${result.lost} lost, ${result.duplicatedIds} sent twice, worker peak RSS ${result.worker.kernelPeakRssMiB} MiB`)
      }
      const source = scenarios[0]
      if (source) {
        for (const mode of ['keep-alive', 'new-connection'] as const) {
          const row = await runCeiling(mode, { db, dataDir: DATA_DIR, receiver, events: EVENTS, firstEvent: source.eventIds.first, lastEvent: source.eventIds.last })
          ceiling.push(row)
          log(`ceiling, ${mode}: ${row.perSecond}/s sent, ${row.receiverPerSecond}/s received, ${row.failed} failed`)
        }
      }
    }
  } finally {
    await db.end()
  }
} finally {
  await receiver.close()
  await database.stop()
}

const steady = scenarios.find((s) => s.scenario === 'steady')
const report = [
  `Events benchmark (${os.cpus().length} cores, Node ${process.version}, PostgreSQL ${postgresVersion}; load average ${loadAtStart} at the start).`,
  '',
  ...(overhead
    ? [
        `### Enrollment with and without the outbox: ${ROUNDS} rounds of ${PER_ROUND} self-enrollments per variant, after ${WARMUP} of warm-up each`,
        '',
        ...overheadTables(overhead),
        '',
      ]
    : []),
  ...(scenarios.length
    ? [
        `### Dispatch: ${EVENTS} enrollment.activated events per scenario to ${ENDPOINT_SCHOOLS} endpoints on a loopback receiver (scripts/jobs-worker.ts, EVENTS_INTERVAL_MS=${WORKER_SETTINGS.EVENTS_INTERVAL_MS})`,
        '',
        ...scenarioTable(scenarios),
        '',
        ...(steady ? [...phaseTable(steady), ''] : []),
        `### The receiver's ceiling: the same signed bodies from a plain loop, ${CONCURRENCY} at a time`,
        '',
        ...ceilingTable(ceiling, steady),
        '',
      ]
    : []),
  ...verdicts(overhead, scenarios, ceiling).map((line) => `- ${line}`),
].join('\n')
console.log(`\n${report}\n`)

fs.mkdirSync('bench/events', { recursive: true })
const output = writeRunRecord(
  'bench/events/last-run.json',
  {
    loadAverageAtStart: loadAtStart,
    postgres: postgresVersion,
    settings: {
      enrollmentsPerRound: PER_ROUND, rounds: ROUNDS, warmup: WARMUP, events: EVENTS, endpointSchools: ENDPOINT_SCHOOLS,
      concurrency: CONCURRENCY, parts: [...PARTS], scenarios: SCENARIOS, worker: WORKER_SETTINGS, profiled: PROFILE_DIR !== undefined,
    },
    enrollment: overhead,
    dispatch: scenarios,
    ceiling,
    verdicts: verdicts(overhead, scenarios, ceiling),
  },
  started,
)
log(`written ${path.relative(process.cwd(), output)} in ${Math.round((Date.now() - started) / 1000)} s total`)
process.exit(0)
