/**
 * `npm run bench:load`: simulated students against two production web instances of the app and
 * its jobs worker, on one embedded PostgreSQL and the machine's Redis: each logs in once, then
 * goes round browse, search, open a course, complete a lesson, hand in work and verify a
 * certificate, with a think time between steps. Then the same mix without think time on one
 * instance and on two (how throughput grows), and the closest stock Payload REST calls on the
 * same data. Prints Markdown tables and writes bench/load/last-run.json.
 *
 * Knobs (see bench/load/README.md): BENCH_USERS (1000), BENCH_SECONDS (60), BENCH_RAMP_SECONDS (30),
 * BENCH_WARMUP_SECONDS (10), BENCH_THINK_MIN_MS (3000), BENCH_THINK_MAX_MS (10000),
 * BENCH_CLOSED_USERS (50), BENCH_CLOSED_SECONDS (30), BENCH_COURSES (1000 per school),
 * BENCH_LOGINS_IN_FLIGHT (8), BENCH_COST_REQUESTS (40), BENCH_PARTS (costs,mixed,scaling,stock),
 * BENCH_DEADLINE_MINUTES (45).
 */
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { buildIfStale } from '@/server/buildIfStale'
import { runMigrations } from '@/server/runPayloadCli'
import { leaveSignalsToCaller, startEmbeddedPostgres } from '@/services/database/embeddedPostgres'

import { analyze } from '../catalog/seed'
import { machineCpuMs } from '../shared/processes'
import { intFromEnv, loadAverage, writeRunRecord } from '../shared/runInfo'
import { aqoonJourney, type Journey, type Learner, searchesBySchool, STEPS, stockJourney } from './journey'
import { logIn } from './client'
import { sampleConnections } from './connections'
import { measureCosts, type StepCost } from './costs'
import { comparisonTable, costTable, scalingTable, type ScenarioRow, scenarioSection, TARGET_P99_MS, verdicts } from './report'
import { startStockWeb } from './plainStock'
import { seedLoad } from './seed'
import { type Instance, type Measured, postgresProcess, startAqoonWeb, startAqoonWorker, watch } from './stack'
import { runScenario, type Think } from './virtualUsers'

const DATA_DIR = path.resolve('.data/bench-load')
// Apart from the app's defaults, the tests' ports (3107, 3117, 54339-54389) and the other benchmarks' (3127, 3137, 54399-54419).
const PG_PORT = 54393
const WEB_PORTS = [3170, 3171]
const STOCK_PORTS = [3172, 3173]
const METRICS_PORTS = [3180, 3181]
const WORKER_METRICS_PORT = 3182
// A database of its own on the machine's Redis, so the run's rate-limit windows are apart from the tests'.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/7'

const USERS = intFromEnv(process.env.BENCH_USERS, 1_000)
const SECONDS = intFromEnv(process.env.BENCH_SECONDS, 60)
const RAMP_SECONDS = intFromEnv(process.env.BENCH_RAMP_SECONDS, 30)
const WARMUP_SECONDS = intFromEnv(process.env.BENCH_WARMUP_SECONDS, 10)
// People read a page before the next click: uniformly 3 to 10 s (6.5 s on average), so 1,000
// students make about 150 requests per second.
const THINK: Think = { minMs: intFromEnv(process.env.BENCH_THINK_MIN_MS, 3_000), maxMs: intFromEnv(process.env.BENCH_THINK_MAX_MS, 10_000) }
const CLOSED_USERS = intFromEnv(process.env.BENCH_CLOSED_USERS, 50)
const CLOSED_SECONDS = intFromEnv(process.env.BENCH_CLOSED_SECONDS, 30)
const CLOSED_WARMUP_SECONDS = 5
const COURSES_PER_SCHOOL = intFromEnv(process.env.BENCH_COURSES, 1_000)
const LOGINS_IN_FLIGHT = intFromEnv(process.env.BENCH_LOGINS_IN_FLIGHT, 8)
const COST_REQUESTS = intFromEnv(process.env.BENCH_COST_REQUESTS, 40)
// Users the per-step costs are measured with, in turn.
const COST_USERS = 10
const PARTS = new Set((process.env.BENCH_PARTS ?? 'costs,mixed,scaling,stock').split(',').map((part) => part.trim()))
const DEADLINE_MINUTES = intFromEnv(process.env.BENCH_DEADLINE_MINUTES, 45)

const log = (line: string) => console.log(`[bench] ${line}`)

process.env.PAYLOAD_SECRET ??= 'bench-load-secret-not-for-production-use'
Object.assign(process.env, { AQOON_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn' })
// How the processes run: production, no jobs worker in the web processes (startApp's default),
// the shared Redis, and one trusted proxy hop, the load balancer the load generator plays
// (each student's own address in X-Forwarded-For, so per-address login limits apply per student).
const APP_ENV = { REDIS_URL, TRUST_PROXY_HOPS: '1', LOG_LEVEL: 'warn', PAYLOAD_SECRET: process.env.PAYLOAD_SECRET }

type Stoppable = { stop: () => Promise<void> }

/** What was started, stopped in reverse order on the way out, on a signal, or at the deadline. */
const running: { name: string; thing: Stoppable }[] = []
const track = <T extends Stoppable>(name: string, thing: T): T => {
  running.push({ name, thing })
  return thing
}
/** Stops one thing early (once: stopAll no longer sees it). */
const stop = async (thing: Stoppable) => {
  const at = running.findIndex((entry) => entry.thing === thing)
  if (at >= 0) {
    running.splice(at, 1)
    await thing.stop()
  }
}
const stopAll = async () => {
  while (running.length > 0) {
    const { name, thing } = running.pop()!
    await thing.stop().catch((error: unknown) => log(`stopping ${name} failed: ${String(error)}`))
  }
}
// The embedded cluster is stopped last, by stopAll, not by its own signal handlers.
leaveSignalsToCaller()
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping everything`)
    void stopAll().finally(() => process.exit(130))
  })
}
const deadline = setTimeout(() => {
  log(`still running after ${DEADLINE_MINUTES} minutes (BENCH_DEADLINE_MINUTES): stopping everything`)
  void stopAll().finally(() => process.exit(1))
}, DEADLINE_MINUTES * 60_000)
deadline.unref()

/** Each step once for one user, before any load: a scenario measures answers, not errors. */
const rehearse = async (journey: Journey, learner: Learner, instance: Instance, serials: string[]) => {
  for (const step of STEPS) {
    const plan = journey.plan(step, learner, serials)
    const answer = await instance.client.send(plan.call)
    const problem = plan.check(answer)
    if (problem) {
      throw new Error(`${journey.name} ${step} (${plan.call.method} ${plan.call.path}) on ${instance.name}: ${problem}: ${(answer.body || answer.error || '').slice(0, 400)}`)
    }
    plan.then?.()
  }
}

/** Logs in, one after another, those of `learners` without a session. */
const logInAll = async (learners: Learner[], instance: Instance, password: string) => {
  for (const learner of learners.filter((l) => !l.token)) {
    const { answer, token } = await logIn(instance.client, { email: learner.email, password, forwardedFor: learner.forwardedFor })
    learner.token = token
    if (!token) {
      throw new Error(`${learner.email} could not log in on ${instance.name} (${answer.status}: ${answer.body.slice(0, 300)}).`)
    }
  }
}

type Scenario = {
  name: string
  description: string
  journey: Journey
  learners: Learner[]
  instances: Instance[]
  /** Processes measured beside the instances (the worker, PostgreSQL). */
  others: Measured[]
  think: Think
  rampSeconds: number
  warmupSeconds: number
  seconds: number
  login: boolean
  password: string
  serials: string[]
  databaseUri: string
}

const measureScenario = async (scenario: Scenario): Promise<ScenarioRow> => {
  log(`${scenario.name}: ${scenario.learners.length} users on ${scenario.instances.map((i) => i.name).join(' + ')}`)
  scenario.learners.forEach((learner, i) => (learner.instance = i % scenario.instances.length))
  const watcher = watch([...scenario.instances, ...scenario.others])
  let machineBefore = machineCpuMs()
  let processes: ScenarioRow['processes'] = []
  let machine: { busyPercent: number; othersPercent: number; loadAverage: number } = { busyPercent: 0, othersPercent: 0, loadAverage: 0 }
  let sampler: Awaited<ReturnType<typeof sampleConnections>> | undefined
  let connections: ScenarioRow['connections']
  const result = await runScenario({
    journey: scenario.journey,
    learners: scenario.learners,
    clients: scenario.instances.map((instance) => instance.client),
    serials: scenario.serials,
    think: scenario.think,
    rampSeconds: scenario.rampSeconds,
    warmupSeconds: scenario.warmupSeconds,
    seconds: scenario.seconds,
    login: scenario.login ? { password: scenario.password, inFlight: LOGINS_IN_FLIGHT } : undefined,
    window: {
      opened: async () => {
        await watcher.open()
        sampler = await sampleConnections(scenario.databaseUri)
        machineBefore = machineCpuMs()
      },
      closed: async () => {
        const after = machineCpuMs()
        connections = await sampler?.stop()
        processes = await watcher.close()
        const cores = os.cpus().length
        const busyPercent = ((after.busy - machineBefore.busy) / (after.total - machineBefore.total)) * cores * 100
        machine = { busyPercent: Math.round(busyPercent * 10) / 10, othersPercent: 0, loadAverage: loadAverage() }
      },
    },
    log,
  })
  const ours = processes.reduce((sum, p) => sum + p.cpuPercent, 0) + result.loadGenerator.cpuPercent
  machine.othersPercent = Math.max(0, Math.round((machine.busyPercent - ours) * 10) / 10)
  const row: ScenarioRow = { ...result, name: scenario.name, description: scenario.description, users: scenario.learners.length, instances: scenario.instances.length, processes, machine, connections }
  const worst = row.steps.reduce((max, s) => Math.max(max, s.p99Ms), 0)
  log(`${scenario.name}: ${row.requestsPerSecond} req/s, worst p99 ${worst} ms, ${row.steps.reduce((n, s) => n + s.errors, 0)} errors; ` +
    `CPU ${processes.map((p) => `${p.name} ${p.cpuPercent}%`).join(', ')}, load generator ${row.loadGenerator.cpuPercent}%, machine ${machine.busyPercent}% (others ${machine.othersPercent}%)`)
  return row
}

const started = Date.now()
const loadAtStart = loadAverage()
const rows: ScenarioRow[] = []
let postgresVersion = ''
let seededCounts = { students: 0, certificates: 0 }
const costs: { aqoon?: StepCost[]; stock?: StepCost[] } = {}

try {
  buildIfStale(log)
  log(`fresh embedded PostgreSQL on port ${PG_PORT}, data in ${path.relative(process.cwd(), DATA_DIR)}`)
  const database = track('postgres', await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, database: 'aqoon', fresh: true }))
  await runMigrations(database.uri)
  const db = new pg.Client({ connectionString: database.uri })
  await db.connect()
  const students = Math.max(USERS, CLOSED_USERS, COST_USERS)
  let seeded: Awaited<ReturnType<typeof seedLoad>>
  try {
    postgresVersion = (await db.query<{ server_version: string }>('show server_version')).rows[0]!.server_version
    const seeding = Date.now()
    seeded = await seedLoad(db, { students, coursesPerSchool: COURSES_PER_SCHOOL, issuer: `http://localhost:${WEB_PORTS[0]}` })
    await analyze(db)
    seededCounts = { students: seeded.students.length, certificates: seeded.serials.length }
    log(`seeded 20 schools x ${COURSES_PER_SCHOOL} courses, ${students} students (3 active enrollments each, 30 lessons and an assignment per course), ` +
      `${seeded.serials.length} certificates in ${((Date.now() - seeding) / 1000).toFixed(0)} s`)
  } finally {
    await db.end()
  }

  const bySchool = searchesBySchool()
  const learners: Learner[] = seeded.students.map((student, i) => ({
    ...student,
    instance: 0,
    forwardedFor: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    searches: bySchool.get(student.school)!,
    done: new Map(),
    attempts: new Map(),
    round: 0,
  }))
  const mixed = learners.slice(0, USERS)
  const closed = learners.slice(0, CLOSED_USERS)
  const postgres = postgresProcess(path.join(DATA_DIR, `postgres-${PG_PORT}`))
  const common = { password: seeded.password, serials: seeded.serials, databaseUri: database.uri }
  // The two loads every journey (Aqoon's, stock Payload's) is put under.
  const thinking = { ...common, learners: mixed, think: THINK, rampSeconds: RAMP_SECONDS, warmupSeconds: WARMUP_SECONDS, seconds: SECONDS, login: true }
  const closedLoop = { ...common, learners: closed, think: { minMs: 0, maxMs: 0 }, rampSeconds: 1, warmupSeconds: CLOSED_WARMUP_SECONDS, seconds: CLOSED_SECONDS, login: true }
  const stack = { databaseUri: database.uri, dataDir: DATA_DIR, env: APP_ENV, log }

  if (PARTS.has('costs') || PARTS.has('mixed') || PARTS.has('scaling')) {
    const webs: Instance[] = []
    for (const [i, port] of WEB_PORTS.entries()) {
      webs.push(track(`web-${i + 1}`, await startAqoonWeb({ ...stack, name: `web-${i + 1}`, port, metricsPort: METRICS_PORTS[i]! })))
    }
    const worker = track('worker', await startAqoonWorker({ ...stack, metricsPort: WORKER_METRICS_PORT }))
    // The first login checks the seeded password hash; then every step once.
    const first = learners[0]!
    const login = await logIn(webs[0]!.client, { email: first.email, password: seeded.password, forwardedFor: first.forwardedFor })
    first.token = login.token
    if (!first.token) {
      throw new Error(`The first student could not log in (${login.answer.status}: ${login.answer.body.slice(0, 300)}); has Payload's password hash changed (bench/load/password.ts)?`)
    }
    await rehearse(aqoonJourney, first, webs[0]!, seeded.serials)
    await rehearse(aqoonJourney, first, webs[1]!, seeded.serials)
    const costUsers = learners.slice(0, COST_USERS)
    if (PARTS.has('costs')) {
      await logInAll(costUsers, webs[0]!, seeded.password)
      costs.aqoon = await measureCosts({ journey: aqoonJourney, learners: costUsers, instance: webs[0]!, postgres, serials: seeded.serials, perStep: COST_REQUESTS })
      log(`costs, one request at a time on web-1: ${costs.aqoon.map((c) => `${c.step} ${c.serverCpuMs} + ${c.postgresCpuMs} ms CPU`).join(', ')}`)
    }

    if (PARTS.has('mixed')) {
      rows.push(await measureScenario({
        ...common,
        name: 'mixed',
        description: `Aqoon, students with ${THINK.minMs / 1000}-${THINK.maxMs / 1000} s think time, two web instances and the jobs worker`,
        ...thinking,
        journey: aqoonJourney,
        instances: webs,
        others: [worker, postgres],
      }))
    }
    if (PARTS.has('scaling')) {
      rows.push(await measureScenario({ ...closedLoop, journey: aqoonJourney, name: 'closed-2', description: 'Aqoon, the same mix without think time, two web instances', instances: webs, others: [worker, postgres] }))
      await stop(webs[1]!)
      rows.push(await measureScenario({ ...closedLoop, journey: aqoonJourney, name: 'closed-1', description: 'Aqoon, the same mix without think time, one web instance', instances: [webs[0]!], others: [worker, postgres] }))
    }
    for (const thing of [worker, ...webs]) {
      await stop(thing)
    }
  }

  if (PARTS.has('stock')) {
    const stocks: Instance[] = []
    for (const [i, port] of STOCK_PORTS.entries()) {
      stocks.push(track(`stock-${i + 1}`, await startStockWeb({ name: `stock-${i + 1}`, port, databaseUri: database.uri, logFile: path.join(DATA_DIR, `stock-${port}.log`), log })))
    }
    // Sessions are rows in the database: one the app made is good on stock Payload too when both sign with the same secret.
    const first = learners[0]!
    const me = first.token
      ? await stocks[0]!.client.send({ method: 'GET', path: '/api/users/me', headers: { authorization: `JWT ${first.token}` } })
      : undefined
    const kept = me?.status === 200 && /"user":\s*\{/.test(me.body)
    if (!kept) {
      learners.forEach((learner) => (learner.token = undefined))
      await logInAll([first], stocks[0]!, seeded.password)
    }
    log(kept ? 'stock Payload accepts the sessions the app made: no second login' : 'stock Payload does not accept the app\'s sessions: students log in again, through its login')
    const stock = stockJourney(seeded.tenantIds)
    await rehearse(stock, first, stocks[0]!, seeded.serials)
    if (PARTS.has('costs')) {
      const costUsers = learners.slice(0, COST_USERS)
      await logInAll(costUsers, stocks[0]!, seeded.password)
      costs.stock = await measureCosts({ journey: stock, learners: costUsers, instance: stocks[0]!, postgres, serials: seeded.serials, perStep: COST_REQUESTS })
      log(`costs, one request at a time on stock-1: ${costs.stock.map((c) => `${c.step} ${c.serverCpuMs} + ${c.postgresCpuMs} ms CPU`).join(', ')}`)
    }
    rows.push(await measureScenario({
      ...common,
      name: 'stock-mixed',
      description: `stock Payload REST (app code taken out), the same students and think time, two instances`,
      ...thinking,
      journey: stock,
      instances: stocks,
      others: [postgres],
    }))
    if (PARTS.has('scaling')) {
      rows.push(await measureScenario({
        ...common,
        name: 'stock-closed-2',
        description: 'stock Payload REST, the same mix without think time, two instances',
        ...closedLoop,
        journey: stock,
        instances: stocks,
        others: [postgres],
      }))
    }
  }
} finally {
  await stopAll()
}

const find = (name: string) => rows.find((row) => row.name === name)
const report = [
  `Load benchmark (${os.cpus().length} cores, Node ${process.version}, PostgreSQL ${postgresVersion}; load average ${loadAtStart} at the start). ` +
    `${seededCounts.students} students in 20 schools of ${COURSES_PER_SCHOOL} courses, ${seededCounts.certificates} certificates; ` +
    `think time ${THINK.minMs / 1000}-${THINK.maxMs / 1000} s; the load generator is this process, on the same cores.`,
  '',
  ...(costs.aqoon || costs.stock
    ? [`### Cost per request: ${COST_REQUESTS} of each step one at a time, on one instance`, '', ...costTable(costs.aqoon, costs.stock, os.cpus().length), '']
    : []),
  ...rows.flatMap(scenarioSection),
  ...(find('closed-1') || find('closed-2') ? ['### One web instance against two (no think time)', '', ...scalingTable(find('closed-1'), find('closed-2')), ''] : []),
  ...(find('mixed') && find('stock-mixed') ? ['### Aqoon against stock Payload, the mixed scenario', '', ...comparisonTable(find('mixed'), find('stock-mixed')), ''] : []),
  ...verdicts(rows).map((line) => `- ${line}`),
].join('\n')
console.log(`\n${report}\n`)

const output = writeRunRecord(
  'bench/load/last-run.json',
  {
    loadAverageAtStart: loadAtStart,
    postgres: postgresVersion,
    settings: {
      users: USERS, seconds: SECONDS, rampSeconds: RAMP_SECONDS, warmupSeconds: WARMUP_SECONDS, thinkMs: THINK, closedUsers: CLOSED_USERS,
      closedSeconds: CLOSED_SECONDS, closedWarmupSeconds: CLOSED_WARMUP_SECONDS, coursesPerSchool: COURSES_PER_SCHOOL, loginsInFlight: LOGINS_IN_FLIGHT,
      costRequests: COST_REQUESTS, parts: [...PARTS], redis: REDIS_URL, targetP99Ms: TARGET_P99_MS,
    },
    seeded: seededCounts,
    costs,
    scenarios: rows,
    verdicts: verdicts(rows),
  },
  started,
)
log(`written ${path.relative(process.cwd(), output)} in ${Math.round((Date.now() - started) / 1000)} s total`)
process.exit(0)
