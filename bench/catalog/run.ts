/**
 * `npm run bench:catalog`: the catalog search endpoint against Payload's REST API
 * (`/api/courses` with a `like` filter) on the same seeded data, at 1x and 10x the
 * course count, with a stream of searches in which a few are popular and most are rare.
 * Needs nothing but a clone: PostgreSQL is the embedded one, on its own port and folder.
 * Prints a Markdown table and writes bench/catalog/last-run.json.
 *
 * BENCH_SECONDS (20), BENCH_WARMUP_SECONDS (5) and BENCH_SCALES (1,10) shorten a trial run;
 * BENCH_SCENARIOS picks scenarios by name, BENCH_PACED_RATE (100) sets the paced load.
 */
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { buildIfStale } from '@/server/buildIfStale'
import { runMigrations } from '@/server/runPayloadCli'
import { startEmbeddedPostgres } from '@/services/database/embeddedPostgres'
import { settings } from '@/settings'

import { type BenchRequest, CONNECTIONS, type Measurement, measure, measurePaced } from '../shared/load'
import { intFromEnv, loadAverage, writeRunRecord } from '../shared/runInfo'
import { startPlainPayload } from '../shared/plainPayload'
import { type RunningApp, startApp } from '../shared/server'
import { check } from './check'
import { catalogRequest, plainRequest, requestKey, searchStream, stockRequest } from './queries'
import { analyze, seedCourses, seedEnrollments, seedSchools, TENANT_COUNT } from './seed'

const DATA_DIR = path.resolve('.data/bench-catalog')
// Apart from the app's defaults and the tests' ports (3107, 3117, 54339-54389).
const APP_PORT = 3127
const PG_PORT = 54399
/**
 * PostgreSQL as an operator would run it beside the app, not its 128 MB default: the 10x
 * courses (about 370 MB with their text vectors) then stay in its own cache. BENCH_PG_SHARED_BUFFERS
 * sets it (128MB to measure the default).
 */
const PG_SETTINGS = { shared_buffers: process.env.BENCH_PG_SHARED_BUFFERS ?? '1GB' }
const COURSES_PER_TENANT = 1_000

const SECONDS = intFromEnv(process.env.BENCH_SECONDS, 20)
const WARMUP_SECONDS = intFromEnv(process.env.BENCH_WARMUP_SECONDS, 5)
/** The paced load the catalog's latency target is read at (requests per second over all connections). */
const PACED_RATE = intFromEnv(process.env.BENCH_PACED_RATE, 100)
const SCALES = (process.env.BENCH_SCALES ?? '1,10')
  .split(',')
  .map((scale) => intFromEnv(scale, 0))
  .filter((scale) => scale > 0)
  .sort((a, b) => a - b)

const log = (line: string) => console.log(`[bench] ${line}`)

/** Requests asked one at a time before the load (the first of the stream): each must answer 200. */
const CHECKED = 60

/**
 * `cacheEntries`: the size of the server's answer cache (0: none), to replay its hits. A `plain`
 * scenario runs against the plain Payload baseline, its requests made once the schools' ids are known.
 */
type Scenario = {
  name: string
  description: string
  env?: Record<string, string>
  cacheEntries: number
  requests: BenchRequest[]
  /** Also measured at PACED_RATE requests per second. */
  paced?: true
  plain?: (tenantIds: number[]) => BenchRequest[]
  control?: true
}

const stream = searchStream()
const ALL_SCENARIOS: Scenario[] = [
  {
    name: 'catalog',
    description: `/api/catalog (answer cache on, the default: ${settings.catalogCacheEntries} answers)`,
    cacheEntries: settings.catalogCacheEntries,
    requests: stream.map(catalogRequest),
    paced: true,
  },
  {
    name: 'catalog-no-cache',
    description: '/api/catalog with CATALOG_CACHE_ENTRIES=0 (every request runs the search)',
    env: { CATALOG_CACHE_ENTRIES: '0' },
    cacheEntries: 0,
    requests: stream.map(catalogRequest),
    paced: true,
  },
  {
    name: 'stock-like-depth0',
    description: "/api/courses?where[title][like]=…&depth=0: Payload's REST API in this app (its access rules, hooks and gate included)",
    cacheEntries: 0,
    requests: stream.map((s) => stockRequest(s, 0)),
  },
  {
    name: 'plain-like-depth0',
    description: "/api/courses?where[tenant][equals]=…&where[_status][equals]=published&where[title][like]=…&depth=0 on a plain Payload app: the same schema and data, none of Aqoon's gate, hooks or access rules (bench/shared/README.md)",
    cacheEntries: 0,
    requests: [],
    plain: (tenantIds) => stream.map((s) => plainRequest(s, tenantIds, 0)),
  },
  {
    name: 'plain-like',
    description: 'the same on the plain Payload app with its default depth (school, cover, category and tags populated)',
    cacheEntries: 0,
    requests: [],
    plain: (tenantIds) => stream.map((s) => plainRequest(s, tenantIds)),
  },
  {
    // The machine's state in this run: the cheapest answer the same server gives through Payload's REST handler.
    name: 'control-live',
    description: '/api/health/live: no database, no search (a control for how busy the machine was)',
    cacheEntries: 0,
    requests: [{ path: '/api/health/live' }],
    control: true,
  },
]

/** BENCH_SCENARIOS (comma-separated names) runs only those; all by default. */
const chosen = (process.env.BENCH_SCENARIOS ?? '').split(',').map((name) => name.trim()).filter(Boolean)
const SCENARIOS = chosen.length ? ALL_SCENARIOS.filter((scenario) => chosen.includes(scenario.name)) : ALL_SCENARIOS
if (SCENARIOS.length === 0) {
  throw new Error(`BENCH_SCENARIOS names none of ${ALL_SCENARIOS.map((scenario) => scenario.name).join(', ')}`)
}

/**
 * Replays the answer cache over the requests the server was asked, in order (the check, the
 * warm-up, the measurement): an LRU of `entries` keyed like the server's. Answers the share of
 * the measured requests (`from` to `to`) it held, and how many distinct searches they were.
 */
const cacheReplay = (requests: BenchRequest[], entries: number, from: number, to: number): { hitRatio: number; distinct: number } => {
  const cache = new Map<string, true>()
  const seen = new Set<string>()
  let hits = 0
  for (let i = 0; i < to; i++) {
    const key = requestKey(requests[i % requests.length]!)
    const held = cache.delete(key)
    if (i >= from) {
      hits += held ? 1 : 0
      seen.add(key)
    }
    if (entries > 0) {
      cache.set(key, true)
      if (cache.size > entries) {
        cache.delete(cache.keys().next().value!)
      }
    }
  }
  return { hitRatio: to > from ? hits / (to - from) : 0, distinct: seen.size }
}

type Row = Measurement & {
  scale: number
  courses: number
  scenario: string
  averageMatches: number
  /** Of the first CHECKED searches, how many found nothing. */
  emptyAnswers: number
  /** Distinct searches among the measured requests, and the share the answer cache held (replayed). */
  distinctSearches: number
  cacheHitRatio: number
  /** The same stream, continued, at PACED_RATE requests per second. */
  paced?: Measurement
  memory: { rssMiB: number; peakRssMiB: number }
  startedAt: string
  /** The machine's 1-minute load average after the scenario: well above ~3 means other work shared the cores. */
  loadAverage: number
}

const table = (rows: Row[]): string => {
  const lines = [
    `| scenario | req/s | p50 ms | p97.5 ms | p99 ms | requests | distinct searches | cache hits | errors / non-2xx | RSS MiB | avg matches | at ${PACED_RATE} req/s: p50 / p99 ms |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const row of rows) {
    const paced = row.paced ? `${row.paced.latencyMs.p50} / ${row.paced.latencyMs.p99}` : ''
    lines.push(
      `| ${row.scenario} | ${row.requestsPerSecond.toFixed(0)} | ${row.latencyMs.p50} | ${row.latencyMs.p97_5} | ${row.latencyMs.p99} | ${row.requests} | ` +
        `${row.distinctSearches} | ${(row.cacheHitRatio * 100).toFixed(0)}% | ${row.errors + row.timeouts} / ${row.non2xx} | ${row.memory.rssMiB} | ${row.averageMatches} | ${paced} |`,
    )
  }
  return lines.join('\n')
}

const verdicts = (rows: Row[]): string[] => {
  const find = (scale: number, scenario: string) => rows.find((row) => row.scale === scale && row.scenario === scenario)
  const lines: string[] = []
  for (const scale of SCALES) {
    // The baseline is plain Payload; its REST API inside Aqoon is the fallback of a trimmed run.
    const stock = find(scale, 'plain-like-depth0') ?? find(scale, 'stock-like-depth0')
    for (const name of ['catalog', 'catalog-no-cache']) {
      const ours = find(scale, name)
      if (!ours) {
        continue
      }
      const ratio = stock ? ours.requestsPerSecond / stock.requestsPerSecond : undefined
      lines.push(`${scale}x ${name}: ` +
        (stock && ratio !== undefined ? `${ratio.toFixed(1)}x ${stock.scenario} throughput ${ratio >= 5 ? 'MET' : 'NOT MET'} (target >= 5x); ` : '') +
        `p99 ${ours.latencyMs.p99} ms ${ours.latencyMs.p99 < 100 ? 'MET' : 'NOT MET'} (target < 100 ms) with ${CONNECTIONS} connections asking as fast as answered, ` +
        (ours.paced ? `${ours.paced.latencyMs.p99} ms ${ours.paced.latencyMs.p99 < 100 ? 'MET' : 'NOT MET'} at ${PACED_RATE} req/s; ` : '') +
        `RSS ${ours.memory.rssMiB} MiB ${ours.memory.rssMiB < 500 ? 'MET' : 'NOT MET'} (target < 500 MB)`)
    }
  }
  const [small, large] = [SCALES[0], SCALES[SCALES.length - 1]]
  if (small !== undefined && large !== undefined && large > small) {
    for (const name of ['catalog', 'catalog-no-cache']) {
      const [a, b] = [find(small, name), find(large, name)]
      if (a && b) {
        const p50 = b.latencyMs.p50 / a.latencyMs.p50
        const p99 = b.latencyMs.p99 / a.latencyMs.p99
        lines.push(`${name} latency ${large}x vs ${small}x: p50 ${p50.toFixed(2)}x, p99 ${p99.toFixed(2)}x ` +
          `${Math.max(p50, p99) <= 1.5 ? 'MET' : 'NOT MET'} (target <= 1.5x)`)
      }
    }
  }
  return lines
}

process.env.PAYLOAD_SECRET ??= 'bench-catalog-secret-not-for-production-use'
Object.assign(process.env, { AQOON_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn' })

const started = Date.now()
buildIfStale(log)
log(`fresh embedded PostgreSQL on port ${PG_PORT}, data in ${path.relative(process.cwd(), DATA_DIR)}`)
const database = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, database: 'aqoon', fresh: true, serverSettings: PG_SETTINGS })
const rows: Row[] = []
try {
  await runMigrations(database.uri)
  const db = new pg.Client({ connectionString: database.uri })
  await db.connect()
  let seededPerTenant = 0
  let schools: Awaited<ReturnType<typeof seedSchools>> | undefined
  let enrollments = 0
  try {
    // The seed writes the tables directly: stop here, not halfway, if the schema is not there.
    const { rows: schema } = await db.query<{ courses: string | null }>("select to_regclass('public.courses')::text as courses")
    if (!schema[0]?.courses) {
      throw new Error('payload migrate left no courses table; run `npm run payload -- migrate:status` to see why.')
    }
    for (const scale of SCALES) {
      const perTenant = scale * COURSES_PER_TENANT
      const seeding = Date.now()
      schools ??= await seedSchools(db)
      await seedCourses(db, schools, seededPerTenant, perTenant)
      seededPerTenant = perTenant
      if (enrollments === 0) {
        enrollments = await seedEnrollments(db, schools)
      }
      await analyze(db)
      const courses = TENANT_COUNT * perTenant
      log(`${scale}x: ${TENANT_COUNT} schools x ${perTenant} courses, ${enrollments} enrollments, seeded in ${((Date.now() - seeding) / 1000).toFixed(0)} s`)

      // One server per scenario, one at a time: two cores are shared by the server,
      // PostgreSQL and the load generator, and each scenario's memory is its own.
      for (const scenario of SCENARIOS) {
        const app: RunningApp = scenario.plain
          ? await startPlainPayload({ port: APP_PORT, databaseUri: database.uri, logFile: path.join(DATA_DIR, 'plain-payload.log'), log })
          : await startApp({ port: APP_PORT, databaseUri: database.uri, dataDir: DATA_DIR, env: scenario.env, log })
        const requests = scenario.plain ? scenario.plain(schools!.tenantIds) : scenario.requests
        try {
          const startedAt = new Date().toISOString()
          // The check asks the stream's first requests, the warm-up continues it, the measurement after that.
          const { averageMatches, empty } = scenario.control ? { averageMatches: 0, empty: 0 } : await check(app.baseUrl, requests.slice(0, CHECKED))
          const warm = await measure(app.baseUrl, requests, WARMUP_SECONDS, CHECKED)
          const measured = await measure(app.baseUrl, requests, SECONDS, warm.sent)
          const { hitRatio, distinct } = cacheReplay(requests, scenario.cacheEntries, warm.sent, measured.sent)
          // Memory after the hardest load; the paced run follows it.
          const memory = app.memory()
          const paced = scenario.paced ? await measurePaced(app.baseUrl, requests, SECONDS, measured.sent, PACED_RATE) : undefined
          const row: Row = {
            ...measured,
            scale,
            courses,
            scenario: scenario.name,
            averageMatches,
            emptyAnswers: empty,
            distinctSearches: distinct,
            cacheHitRatio: hitRatio,
            ...(paced ? { paced } : {}),
            memory,
            startedAt,
            loadAverage: loadAverage(),
          }
          rows.push(row)
          log(`${scale}x ${scenario.name}: ${row.requestsPerSecond.toFixed(0)} req/s, p50 ${row.latencyMs.p50} ms, ` +
            `p99 ${row.latencyMs.p99} ms${paced ? ` (at ${PACED_RATE} req/s: p50 ${paced.latencyMs.p50} ms, p99 ${paced.latencyMs.p99} ms, ${paced.non2xx + paced.errors} failed)` : ''}, ${distinct} distinct, ${(hitRatio * 100).toFixed(0)}% cache hits, ${row.errors + row.timeouts} errors, ${row.non2xx} non-2xx, RSS ${row.memory.rssMiB} MiB, load ${row.loadAverage}`)
        } finally {
          await app.stop()
        }
      }
    }
  } finally {
    await db.end()
  }
} finally {
  await database.stop()
}

const report = [
  `Catalog benchmark: ${CONNECTIONS} connections on loopback, ${SECONDS} s per scenario after ${WARMUP_SECONDS} s of warm-up, ` +
    `one stream of searches (Zipf popularity over ${new Set(stream.map((s) => requestKey(catalogRequest(s)))).size} distinct ones in ${stream.length} requests; ` +
    `${os.cpus().length} cores, Node ${process.version}).`,
  '',
  ...SCENARIOS.map((s) => `- ${s.name}: ${s.description}`),
  '',
  ...SCALES.flatMap((scale) => [
    `### ${scale}x: ${TENANT_COUNT} schools x ${scale * COURSES_PER_TENANT} courses`,
    '',
    table(rows.filter((row) => row.scale === scale)),
    '',
  ]),
  ...verdicts(rows).map((line) => `- ${line}`),
].join('\n')
console.log(`\n${report}\n`)

const output = writeRunRecord(
  'bench/catalog/last-run.json',
  {
    settings: { connections: CONNECTIONS, pacedRate: PACED_RATE, postgres: PG_SETTINGS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, scales: SCALES, streamLength: stream.length, checked: CHECKED },
    scenarios: SCENARIOS.map(({ name, description }) => ({ name, description })),
    results: rows,
    verdicts: verdicts(rows),
  },
  started,
)
log(`written ${path.relative(process.cwd(), output)} in ${Math.round((Date.now() - started) / 1000)} s total`)
process.exit(0)
