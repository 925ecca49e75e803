/**
 * `npm run bench:payments`: how fast the production server applies Stripe's
 * `checkout.session.completed` webhooks with their repeats (events applied per second, and the
 * database left exactly right), and how long `POST /api/orders/checkout` takes against the Stripe
 * stand-in, each beside its ceiling in the same run. Needs nothing but a clone: PostgreSQL is the
 * embedded one, on its own port and folder. Prints Markdown tables and writes
 * bench/payments/last-run.json.
 *
 * Knobs: BENCH_ORDERS (orders paid by webhook, 300), BENCH_CHECKOUTS (timed checkouts, 300),
 * BENCH_WARMUP (40), BENCH_CHECKOUT_CONCURRENCY (10), BENCH_WEBHOOK_CONCURRENCY (16),
 * BENCH_COURSES (paid courses the orders are spread over, 1), BENCH_PARTS (checkout,webhooks; and
 * local, the same handlers one request at a time through the Local API, profiled), BENCH_LOCAL (60).
 * BENCH_PROFILE=1 samples the server with V8's CPU profiler (cpuProfiler.ts), writes the profile to
 * .data/bench-payments/profiles and sums each measured part's share of it.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { buildIfStale } from '@/server/buildIfStale'
import { runMigrations } from '@/server/runPayloadCli'
import { startEmbeddedPostgres } from '@/services/database/embeddedPostgres'

import { type EventObject, startStripeStandIn } from '../../tests/stand-ins/stripe'
import { analyze, seedCourses, seedEnrollments, seedSchools } from '../catalog/seed'
import { namedConnections } from '../events/postgresCpu'
import { intFromEnv, loadAverage, writeRunRecord } from '../shared/runInfo'
import { startApp } from '../shared/server'
import { type Check, checkOutcome } from './check'
import { type CheckoutRun, checkOutAll, type Placed, sdkCeiling } from './checkout'
import { enableStatements } from './diagnose'
import type { Rate } from './lanes'
import { type Observed, observe } from './observe'
import { type LocalPart, runLocal } from './localApiRun'
import { dumpProfile, NAMED_FRAMES, profileOf, type ProfileSummary, summarizeProfile } from './profile'
import type { SdkCeilingResult } from './sdkCeiling'
import { buyableCourses, seedAuditTrail, seedBuyers } from './seed'
import { type DeliveryRun, deliver, schedule, startCeiling } from './webhooks'

const DATA_DIR = path.resolve('.data/bench-payments')
// Apart from the app's defaults, the tests' ports (3107, 3117, 54339-54389) and the other benchmarks'
// (3127, 3137, 3160, 3170-3182, 3190, 54391-54419).
const APP_PORT = 3147
const CEILING_PORT = 3148
const PG_PORT = 54429
const APPLICATION = 'bench-payments-app'
// bench:catalog's data, as bench:certificates seeds it: 20 schools of 1,000 courses, 5,000 students, 100,000 enrollments.
const COURSES_PER_SCHOOL = 1_000

const ORDERS = intFromEnv(process.env.BENCH_ORDERS, 300)
const CHECKOUTS = intFromEnv(process.env.BENCH_CHECKOUTS, 300)
const WARMUP = intFromEnv(process.env.BENCH_WARMUP, 40)
const CHECKOUT_CONCURRENCY = intFromEnv(process.env.BENCH_CHECKOUT_CONCURRENCY, 10)
const WEBHOOK_CONCURRENCY = intFromEnv(process.env.BENCH_WEBHOOK_CONCURRENCY, 16)
const COURSES = intFromEnv(process.env.BENCH_COURSES, 1)
const PROFILE_DIR = process.env.BENCH_PROFILE === '1' ? path.join(DATA_DIR, 'profiles') : undefined
// `local`: the same handlers one request at a time through the Local API, profiled (localApi.ts).
const PARTS = new Set((process.env.BENCH_PARTS ?? `checkout,webhooks${PROFILE_DIR ? ',local' : ''}`).split(',').map((part) => part.trim()))
const LOCAL = intFromEnv(process.env.BENCH_LOCAL, 60)

const STRIPE_SECRET_KEY = 'sk_test_bench_payments_0123456789'
const STRIPE_WEBHOOK_SECRET = 'whsec_bench_payments_0123456789'

// The issue's targets.
const TARGET_EVENTS_PER_SECOND = 200
const TARGET_CHECKOUT_P99_MS = 200

const log = (line: string) => console.log(`[bench] ${line}`)

type CheckoutPart = { app: CheckoutRun['rate']; failed: number; problems: string[]; observed: Observed; ceiling: SdkCeilingResult; warmupFailed: number }
type WebhookPart = { app: DeliveryRun; observed: Observed; ceiling: DeliveryRun; checks: Check[]; warmup: { events: number; deliveries: number; answers: Record<string, number> } }

const ms = (rate: Rate) => `${rate.p50Ms} / ${rate.p95Ms} / ${rate.p99Ms} / ${rate.maxMs}`

const checkoutTable = (part: CheckoutPart): string[] => [
  '| what | checkouts | req/s | p50 / p95 / p99 / max ms | failed | server CPU ms each | PostgreSQL CPU ms each | statements each |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  `| app: \`POST /api/orders/checkout\` (JWT, order, Checkout Session through the SDK) | ${part.app.count} | ${part.app.perSecond} | ${ms(part.app)} | ${part.failed} | ` +
    `${part.observed.cpuMsPerUnit.server} | ${part.observed.cpuMsPerUnit.postgres} | ${part.observed.statements.perUnit} |`,
  `| ceiling: the stand-in alone (the app's \`createStripeCheckout\` in a plain process) | ${part.ceiling.rate.count} | ${part.ceiling.rate.perSecond} | ${ms(part.ceiling.rate)} | ${part.ceiling.failed} | ` +
    `${part.ceiling.cpuMsPerSession} (client) | — | — |`,
]

const webhookTable = (part: WebhookPart): string[] => {
  const row = (name: string, run: DeliveryRun, extra: string) =>
    `| ${name} | ${run.events} | ${run.deliveries} | ${run.seconds} | ${run.appliedPerSecond} | ${run.answered.perSecond} | ${ms(run.answered)} | ${run.recording.p50Ms} / ${run.recording.p99Ms} | ` +
    `${run.concurrentRepeats.count}: ${run.concurrentRepeats.p50Ms} / ${run.concurrentRepeats.p99Ms} | ${run.laterRepeats.count}: ${run.laterRepeats.p50Ms} / ${run.laterRepeats.p99Ms} | ${run.receiverCpuMsPerEvent} | ${extra} |`
  return [
    '| receiver | events | deliveries | seconds | events applied/s | deliveries answered/s | all deliveries p50 / p95 / p99 / max ms | recording copy p50 / p99 ms | concurrent repeats: n, p50 / p99 ms | later repeats: n, p50 / p99 ms | receiver CPU ms/event | PostgreSQL CPU ms/event |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('app: `POST /api/webhooks/stripe` (verify, record once, apply once)', part.app, String(part.observed.cpuMsPerUnit.postgres)),
    row('ceiling: node:http + `Stripe.webhooks.constructEvent` only', part.ceiling, '—'),
  ]
}

const checkTable = (checks: Check[]): string[] => [
  '| check after the run | expected | actual | |',
  '| --- | ---: | ---: | --- |',
  ...checks.map((c) => `| ${c.name} | ${c.expected} | ${c.actual} | ${c.ok ? 'ok' : 'FAILED'} |`),
]

const diagnosis = (name: string, unit: string, observed: Observed): string[] => [
  `${name}: ${observed.statements.perUnit} statements per ${unit} (${observed.statements.execMsPerUnit} ms executing in PostgreSQL, lock waits included, and ${observed.statements.planMsPerUnit} ms planning); ` +
    `CPU per ${unit}: server ${observed.cpuMsPerUnit.server} ms, PostgreSQL ${observed.cpuMsPerUnit.postgres} ms, benchmark process (load and stand-in) ${observed.cpuMsPerUnit.benchmark} ms; ` +
    `machine ${observed.machineBusyPercent}% busy, load average ${observed.loadAverage}.`,
  '',
  `What the app's database connections were doing (average connections per sample, ${observed.activity.samples} samples):`,
  '',
  ...Object.entries(observed.activity.average).map(([state, average]) => `- ${average} ${state}`),
  '',
  `Statements per ${unit} by what they do (and their time in PostgreSQL per ${unit}, ms): ` +
    observed.statements.byTable.map((t) => `${t.what} ${t.perUnit} (${t.execMsPerUnit})`).join(', ') + '.',
  '',
  `Statements by time in PostgreSQL (per ${unit}, mean ms):`,
  '',
  `| statement | per ${unit} | mean ms | mean planning ms | total ms | scans of its generic plan |`,
  '| --- | ---: | ---: | ---: | ---: | --- |',
  ...observed.statements.top.map((s) => `| \`${s.query.replace(/\|/g, '\\|')}\` | ${s.perUnit} | ${s.meanMs} | ${s.meanPlanMs} | ${s.totalMs} | ${s.plan?.join('; ') ?? ''} |`),
]

const profileLines = (name: string, summary: ProfileSummary | undefined): string[] =>
  summary
    ? [
        `CPU profile, ${name} (${summary.sampledMs} ms sampled; self time by place, then the heaviest functions, then inclusive time of named frames):`,
        '',
        ...summary.byPlace.map((p) => `- ${p.place}: ${p.ms} ms (${p.percent}%)`),
        '',
        ...summary.byFunction.slice(0, 15).map((f) => `- ${f.fn}: ${f.ms} ms (${f.percent}%)`),
        '',
        ...summary.inclusive.map((f) => `- ${f.fn} (inclusive): ${f.ms} ms (${f.percent}%)`),
        '',
      ]
    : []

const verdicts = (checkout: CheckoutPart | undefined, webhooks: WebhookPart | undefined): string[] => {
  const lines: string[] = []
  if (webhooks) {
    const rate = webhooks.app.appliedPerSecond
    const failed = webhooks.checks.filter((c) => !c.ok)
    lines.push(`webhooks: ${rate} events applied/s ${rate >= TARGET_EVENTS_PER_SECOND ? 'MET' : 'NOT MET'} (target >= ${TARGET_EVENTS_PER_SECOND}); ` +
      `${webhooks.app.answered.perSecond} deliveries answered/s; the verify-only ceiling ${webhooks.ceiling.appliedPerSecond} events/s (${webhooks.ceiling.answered.perSecond} deliveries/s), ` +
      `so recording and applying leave ${Math.round((webhooks.app.appliedPerSecond / webhooks.ceiling.appliedPerSecond) * 1000) / 10}% of it`)
    lines.push(failed.length === 0 ? `webhooks: all ${webhooks.checks.length} checks passed (one charge, one invoice, one enrollment per order; invoice numbers 1..${webhooks.app.events} without a gap)` : `webhooks: CHECKS FAILED: ${failed.map((c) => `${c.name} (expected ${c.expected}, got ${c.actual})`).join('; ')}`)
  }
  if (checkout) {
    const p99 = checkout.app.p99Ms
    lines.push(`checkout: p99 ${p99} ms ${p99 < TARGET_CHECKOUT_P99_MS ? 'MET' : 'NOT MET'} (target < ${TARGET_CHECKOUT_P99_MS} ms) at ${CHECKOUT_CONCURRENCY} concurrent, ` +
      `${checkout.app.perSecond} req/s, p50 ${checkout.app.p50Ms} ms; the stand-in alone p99 ${checkout.ceiling.rate.p99Ms} ms, ${checkout.ceiling.rate.perSecond} sessions/s` +
      (checkout.failed > 0 ? `; ${checkout.failed} FAILED` : ''))
  }
  return lines
}

process.env.PAYLOAD_SECRET ??= 'bench-payments-secret-not-for-production-use'
Object.assign(process.env, { AQOON_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn' })

const started = Date.now()
const loadAtStart = loadAverage()
buildIfStale(log)
log(`fresh embedded PostgreSQL on port ${PG_PORT}, data in ${path.relative(process.cwd(), DATA_DIR)}`)
const database = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, database: 'aqoon', fresh: true, serverSettings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track_planning': 'on' } })
const standIn = await startStripeStandIn({ secretKey: STRIPE_SECRET_KEY, webhookSecret: STRIPE_WEBHOOK_SECRET })
let checkoutPart: CheckoutPart | undefined
let webhookPart: WebhookPart | undefined
let localPart: LocalPart | undefined
let postgresVersion = ''
let seedSeconds = 0
const profiles: { checkout?: ProfileSummary; webhooks?: ProfileSummary } = {}
try {
  await runMigrations(database.uri)
  const db = new pg.Client({ connectionString: database.uri })
  await db.connect()
  try {
    postgresVersion = (await db.query<{ server_version: string }>('show server_version')).rows[0]!.server_version
    await enableStatements(db)
    const seeding = Date.now()
    const catalog = await seedSchools(db)
    await seedCourses(db, catalog, 0, COURSES_PER_SCHOOL)
    await seedEnrollments(db, catalog)
    const auditEntries = await seedAuditTrail(db)
    // The measured school, and another whose orders warm the server up without taking its invoice numbers.
    const [school, warmSchool] = catalog.tenantIds as [number, number]
    const courses = (await buyableCourses(db, school, COURSES)).map((c) => c.id)
    const [warmCourse] = await buyableCourses(db, warmSchool, 1)
    const buyers = await seedBuyers(db, school, Math.max(ORDERS, PARTS.has('checkout') ? CHECKOUTS : 0), 'buyer', process.env.PAYLOAD_SECRET)
    const warmBuyers = await seedBuyers(db, warmSchool, WARMUP, 'warmup', process.env.PAYLOAD_SECRET)
    // The Local API part's own school, so its invoices number apart from the measured school's.
    const localSchool = catalog.tenantIds[2]!
    const [localCourse] = PARTS.has('local') ? await buyableCourses(db, localSchool, 1) : []
    const localBuyers = PARTS.has('local') ? await seedBuyers(db, localSchool, 10 + LOCAL, 'local', process.env.PAYLOAD_SECRET) : []
    await analyze(db)
    seedSeconds = Math.round((Date.now() - seeding) / 1000)
    log(`seeded bench:catalog's 20 schools, 20,000 courses and 100,000 enrollments with their ${auditEntries.toLocaleString('en')} audit entries, and ${buyers.length + warmBuyers.length + localBuyers.length} signed-in buyers in ${seedSeconds} s; ` +
      `school ${school}, paid course(s) ${courses.join(', ')}`)

    if (PROFILE_DIR) {
      fs.rmSync(PROFILE_DIR, { recursive: true, force: true })
      fs.mkdirSync(PROFILE_DIR, { recursive: true })
    }
    const app = await startApp({
      port: APP_PORT,
      databaseUri: namedConnections(database.uri, APPLICATION),
      dataDir: DATA_DIR,
      env: {
        STRIPE_SECRET_KEY,
        STRIPE_WEBHOOK_SECRET,
        STRIPE_API_BASE: standIn.url,
        // Node refuses --cpu-prof in NODE_OPTIONS; cpuProfiler.ts runs the same profiler from inside.
        ...(PROFILE_DIR
          ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? '--max-old-space-size=384'} --import tsx --import ${path.resolve('bench/payments/cpuProfiler.ts')}`, BENCH_CPU_PROFILE_DIR: PROFILE_DIR }
          : {}),
      },
      log,
    })
    standIn.setWebhookUrl(`${app.baseUrl}/api/webhooks/stripe`)
    const watch = { db, application: APPLICATION, serverCpuMs: app.cpuMs }
    const windows: { checkout?: Observed['windowUs']; webhooks?: Observed['windowUs'] } = {}
    try {
      // Warm-up: the warm school's buyers check out (the first requests compile routes and fill caches).
      const warm = await checkOutAll(app.baseUrl, warmBuyers, () => warmCourse!.id, CHECKOUT_CONCURRENCY)
      const courseOf = (index: number) => courses[index % courses.length]!
      let placed: Placed[] = []
      if (PARTS.has('checkout')) {
        const measured = buyers.slice(0, CHECKOUTS)
        const { result, observed } = await observe(watch, () => checkOutAll(app.baseUrl, measured, courseOf, CHECKOUT_CONCURRENCY), (run) => run.placed.length)
        windows.checkout = observed.windowUs
        placed = result.placed
        const problems = [...new Set(result.placed.filter((p) => p.problem).map((p) => `${p.status} ${p.problem}`))].slice(0, 5)
        log(`checkout: ${result.rate.perSecond} req/s, p50 ${result.rate.p50Ms} ms, p99 ${result.rate.p99Ms} ms, ${result.failed} failed${problems.length ? ` (${problems.join('; ')})` : ''}`)
        const ceiling = await sdkCeiling(
          DATA_DIR,
          { count: CHECKOUTS, warmup: WARMUP, concurrency: CHECKOUT_CONCURRENCY, amount: 4999, serverUrl: app.baseUrl },
          { STRIPE_SECRET_KEY, STRIPE_API_BASE: standIn.url, NODE_ENV: 'production' },
        )
        log(`checkout ceiling (the stand-in alone): ${ceiling.rate.perSecond} sessions/s, p50 ${ceiling.rate.p50Ms} ms, p99 ${ceiling.rate.p99Ms} ms`)
        checkoutPart = { app: result.rate, failed: result.failed, problems, observed, ceiling, warmupFailed: warm.failed }
      }

      if (PARTS.has('webhooks')) {
        // Orders for the buyers the checkout part did not time (all of them when it did not run): not measured.
        const missing = buyers.slice(placed.length, ORDERS)
        if (missing.length > 0) {
          const extra = await checkOutAll(app.baseUrl, missing, (index) => courseOf(placed.length + index), CHECKOUT_CONCURRENCY)
          placed = [...placed, ...extra.placed]
        }
        const orders = placed.slice(0, ORDERS).filter((p) => p.session && p.order)
        // The buyer pays on the hosted page: the stand-in completes each session and makes its
        // checkout.session.completed event, which is then delivered by the benchmark, not by the stand-in.
        const eventsOf = async (list: Placed[]): Promise<EventObject[]> => {
          const events: EventObject[] = []
          for (const p of list) {
            const happened = await standIn.completeCheckout(p.session!, { deliver: false })
            events.push(happened.events.find((e) => e.type === 'checkout.session.completed')!)
          }
          return events
        }
        const warmEvents = await eventsOf(warm.placed.filter((p) => p.session && p.order))
        const events = await eventsOf(orders)
        const warmDeliveries = schedule(warmEvents, WEBHOOK_CONCURRENCY)
        const deliveries = schedule(events, WEBHOOK_CONCURRENCY)
        const warmed = await deliver(standIn, warmDeliveries, WEBHOOK_CONCURRENCY, app.pid)
        log(`webhook warm-up: ${warmed.events} events, ${warmed.deliveries} deliveries, ${warmed.appliedPerSecond} events/s; answers ${JSON.stringify(warmed.answers)}`)

        const { result, observed } = await observe(watch, () => deliver(standIn, deliveries, WEBHOOK_CONCURRENCY, app.pid), (run) => run.events)
        windows.webhooks = observed.windowUs
        log(`webhooks: ${result.appliedPerSecond} events applied/s, ${result.answered.perSecond} deliveries/s, p50 ${result.answered.p50Ms} ms, p99 ${result.answered.p99Ms} ms; answers ${JSON.stringify(result.answers)}`)
        const checks = await checkOutcome(db, { tenant: school, orders: orders.map((p) => p.order!), events: events.map((e) => e.id) })
        for (const c of checks) {
          log(`check: ${c.ok ? 'ok    ' : 'FAILED'} ${c.name}: expected ${c.expected}, got ${c.actual}`)
        }

        // The same deliveries to a receiver that only checks signatures.
        const ceilingServer = await startCeiling(CEILING_PORT, STRIPE_WEBHOOK_SECRET)
        let ceiling: DeliveryRun
        try {
          standIn.setWebhookUrl(`${ceilingServer.url}/`)
          await deliver(standIn, warmDeliveries, WEBHOOK_CONCURRENCY, ceilingServer.pid)
          ceiling = await deliver(standIn, deliveries, WEBHOOK_CONCURRENCY, ceilingServer.pid)
        } finally {
          await ceilingServer.stop()
          standIn.setWebhookUrl(`${app.baseUrl}/api/webhooks/stripe`)
        }
        log(`webhook ceiling (verify only): ${ceiling.appliedPerSecond} events/s, ${ceiling.answered.perSecond} deliveries/s, p50 ${ceiling.answered.p50Ms} ms, p99 ${ceiling.answered.p99Ms} ms`)
        webhookPart = { app: result, observed, ceiling, checks, warmup: { events: warmed.events, deliveries: warmed.deliveries, answers: warmed.answers } }
      }
      if (PROFILE_DIR) {
        await dumpProfile(PROFILE_DIR, app.pid)
      }
    } finally {
      await app.stop()
    }
    if (PARTS.has('local')) {
      // With the server stopped: nothing else runs beside it.
      localPart = await runLocal({
        standIn,
        databaseUri: database.uri,
        env: { NODE_ENV: 'production', STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE: standIn.url, SERVER_URL: `http://localhost:${APP_PORT}`, JOBS_WORKER: 'false' },
        warm: localBuyers.slice(0, 10),
        measured: localBuyers.slice(10),
        course: localCourse!.id,
        secret: STRIPE_WEBHOOK_SECRET,
      })
      log(`local API, one at a time: checkout p50 ${localPart.checkout.p50Ms} ms (${localPart.checkout.cpuMsPerRequest} ms CPU), webhook p50 ${localPart.webhooks.p50Ms} ms (${localPart.webhooks.cpuMsPerRequest} ms CPU)`)
    }
    const profile = PROFILE_DIR ? profileOf(PROFILE_DIR, app.pid) : undefined
    if (profile) {
      // Names survive only outside Next's minified bundle (Node's, pg's); the Local API part names the rest.
      if (windows.checkout) {
        profiles.checkout = summarizeProfile(profile, windows.checkout.from, windows.checkout.to, NAMED_FRAMES)
      }
      if (windows.webhooks) {
        profiles.webhooks = summarizeProfile(profile, windows.webhooks.from, windows.webhooks.to, NAMED_FRAMES)
      }
    } else if (PROFILE_DIR) {
      log(`no CPU profile of pid ${app.pid} in ${PROFILE_DIR}`)
    }
  } finally {
    await db.end()
  }
} finally {
  await standIn.close()
  await database.stop()
}

const report = [
  `Payments benchmark (${os.cpus().length} cores, Node ${process.version}, PostgreSQL ${postgresVersion}; load average ${loadAtStart} at the start).`,
  '',
  ...(webhookPart
    ? [
        `### Webhooks: ${webhookPart.app.events} checkout.session.completed events as ${webhookPart.app.deliveries} signed deliveries, ${WEBHOOK_CONCURRENCY} at a time, ` +
          `orders over ${COURSES} paid course(s) of one school (after a warm-up of ${webhookPart.warmup.events} events in another school)`,
        '',
        ...webhookTable(webhookPart),
        '',
        `Answers, app: ${Object.entries(webhookPart.app.answers).map(([k, v]) => `${k} × ${v}`).join(', ')}; ceiling: ${Object.entries(webhookPart.ceiling.answers).map(([k, v]) => `${k} × ${v}`).join(', ')}.`,
        '',
        ...checkTable(webhookPart.checks),
        '',
        ...diagnosis('Webhooks', 'event', webhookPart.observed),
        '',
        ...profileLines('server, webhooks', profiles.webhooks),
      ]
    : []),
  ...(checkoutPart
    ? [
        `### Checkout: ${checkoutPart.app.count} buyers, ${CHECKOUT_CONCURRENCY} at a time, over ${COURSES} paid course(s) (after ${WARMUP} in another school)`,
        '',
        ...checkoutTable(checkoutPart),
        '',
        ...(checkoutPart.problems.length ? [`Failures: ${checkoutPart.problems.join('; ')}`, ''] : []),
        ...diagnosis('Checkout', 'checkout', checkoutPart.observed),
        '',
        ...profileLines('server, checkout', profiles.checkout),
      ]
    : []),
  ...(localPart
    ? [
        `### One request at a time through the Local API (localApi.ts: the endpoints' handlers, no HTTP, no Next, no other request; ${localPart.checkout.count} of each, after 10)`,
        '',
        '| handler | requests | mean / p50 / p95 / p99 / max ms | CPU ms each (this process) | answers |',
        '| --- | ---: | ---: | ---: | --- |',
        ...(['checkout', 'webhooks'] as const).map((name) => {
          const p = localPart![name]
          return `| ${name === 'checkout' ? 'startCheckout (POST /api/orders/checkout)' : 'stripeWebhook (POST /api/webhooks/stripe), first delivery'} | ${p.count} | ${p.meanMs} / ${p.p50Ms} / ${p.p95Ms} / ${p.p99Ms} / ${p.maxMs} | ${p.cpuMsPerRequest} | ${JSON.stringify(p.answers)} |`
        }),
        '',
        ...profileLines('Local API, checkout', localPart.checkout.profile),
        ...profileLines('Local API, webhooks', localPart.webhooks.profile),
      ]
    : []),
  ...verdicts(checkoutPart, webhookPart).map((line) => `- ${line}`),
].join('\n')
console.log(`\n${report}\n`)

const output = writeRunRecord(
  'bench/payments/last-run.json',
  {
    loadAverageAtStart: loadAtStart,
    postgres: postgresVersion,
    settings: {
      orders: ORDERS, checkouts: CHECKOUTS, warmup: WARMUP, checkoutConcurrency: CHECKOUT_CONCURRENCY, webhookConcurrency: WEBHOOK_CONCURRENCY,
      courses: COURSES, parts: [...PARTS], profiled: PROFILE_DIR !== undefined, seedSeconds,
    },
    webhooks: webhookPart,
    checkout: checkoutPart,
    profiles: PROFILE_DIR ? profiles : undefined,
    localApi: localPart,
    verdicts: verdicts(checkoutPart, webhookPart),
  },
  started,
)
log(`written ${path.relative(process.cwd(), output)} in ${Math.round((Date.now() - started) / 1000)} s total`)
process.exit(0)
