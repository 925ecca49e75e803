/**
 * `npm run bench:certificates`: how fast certificates are issued (the real job path,
 * Chromium PDFs) and how fast they are verified (the public endpoint and page under
 * load, beside stock Payload REST on the same rows). Needs nothing but a clone:
 * PostgreSQL is the embedded one, on its own port and folder. Prints Markdown tables
 * and writes bench/certificates/last-run.json.
 *
 * Knobs for a trial run: BENCH_SECONDS (20), BENCH_WARMUP_SECONDS (5), BENCH_CERTIFICATES
 * (60 per issuer count), BENCH_ISSUERS (1,2,10), BENCH_SERIALS (5000), BENCH_PARTS (issue,verify),
 * BENCH_SCENARIOS (all of SCENARIOS; a comma list of their names).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { buildIfStale } from '@/server/buildIfStale'
import { runMigrations } from '@/server/runPayloadCli'
import { startEmbeddedPostgres } from '@/services/database/embeddedPostgres'

import { analyze, seedCourses, seedEnrollments, seedSchools } from '../catalog/seed'
import { CONNECTIONS, type Measurement, measure } from '../shared/load'
import { intFromEnv, loadAverage, writeRunRecord } from '../shared/runInfo'
import { startApp } from '../shared/server'
import type { IssueResult } from './issue'
import { type CheckedRequest, check, jwks, shuffled, stockById, stockWhere, verifyJson, verifyPage } from './requests'
import { type SeededCertificate, seedCertificates } from './seed'

const DATA_DIR = path.resolve('.data/bench-certificates')
// Apart from the app's defaults, the tests' ports (3107, 3117, 54339-54389) and bench:catalog's (3127, 54399).
const APP_PORT = 3137
const PG_PORT = 54409
const SERVER_URL = `http://localhost:${APP_PORT}`

const SECONDS = intFromEnv(process.env.BENCH_SECONDS, 20)
const WARMUP_SECONDS = intFromEnv(process.env.BENCH_WARMUP_SECONDS, 5)
const CERTIFICATES = intFromEnv(process.env.BENCH_CERTIFICATES, 60)
const ISSUERS = process.env.BENCH_ISSUERS ?? '1,2,10'
const SERIALS = intFromEnv(process.env.BENCH_SERIALS, 5_000)
const PARTS = new Set((process.env.BENCH_PARTS ?? 'issue,verify').split(',').map((part) => part.trim()))

// The issue's targets.
const TARGET_PER_MINUTE = 60
const TARGET_RPS = 1_000
const TARGET_P99_MS = 50

const log = (line: string) => console.log(`[bench] ${line}`)

type Scenario = { name: string; description: string; requests: (certificates: SeededCertificate[], token: string) => CheckedRequest[]; needsToken?: boolean }

const SCENARIOS: Scenario[] = [
  { name: 'verify-json', description: 'GET /api/certificates/verify/<serial> (ours: public, no session)', requests: (c) => c.map(verifyJson) },
  {
    name: 'stock-where-depth0',
    description: 'GET /api/certificates?where[serial][equals]=<serial>&depth=0 (stock Payload REST, super-admin JWT)',
    requests: (c, token) => c.map((certificate) => stockWhere(certificate, token)),
    needsToken: true,
  },
  {
    name: 'stock-by-id-depth0',
    description: 'GET /api/certificates/<id>?depth=0 (stock Payload REST, super-admin JWT)',
    requests: (c, token) => c.map((certificate) => stockById(certificate, token)),
    needsToken: true,
  },
  { name: 'verify-page', description: 'GET /verify/<serial> (the HTML page a QR code opens)', requests: (c) => c.map(verifyPage) },
  { name: 'jwks', description: 'GET /.well-known/jwks.json', requests: () => [jwks()] },
]

const chosen = process.env.BENCH_SCENARIOS?.split(',').map((name) => name.trim())
const SELECTED = chosen ? SCENARIOS.filter((scenario) => chosen.includes(scenario.name)) : SCENARIOS

type Row = Measurement & {
  scenario: string
  distinctRequests: number
  /** The server process's CPU time per measured request: its cost per answer, less sensitive than req/s to other work on the machine. */
  serverCpuMsPerRequest: number
  memory: { rssMiB: number; peakRssMiB: number }
  startedAt: string
  loadAverage: number
}

const issueTable = (result: IssueResult): string =>
  [
    '| issuers | certificates | seconds | certificates/min | p50 ms | p90 ms | p99 ms | peak PSS MiB | peak RSS MiB (node + Chromium) | Chromium processes | avg PDF KiB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.runs.map((run) =>
      `| ${run.issuers} | ${run.certificates} | ${run.seconds} | ${run.certificatesPerMinute} | ${run.latencyMs.p50} | ${run.latencyMs.p90} | ${run.latencyMs.p99} | ` +
        `${run.memoryMiB.peakPss} | ${run.memoryMiB.peakRss} (${run.memoryMiB.peakRssNode} + ${run.memoryMiB.peakRssChromium}) | ${run.memoryMiB.chromiumProcesses} | ${run.averagePdfKiB} |`,
    ),
  ].join('\n')

const verifyTable = (rows: Row[]): string =>
  [
    '| scenario | req/s | p50 ms | p97.5 ms | p99 ms | requests | errors / non-2xx | server CPU ms/req | RSS MiB | load avg |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) =>
      `| ${row.scenario} | ${row.requestsPerSecond.toFixed(0)} | ${row.latencyMs.p50} | ${row.latencyMs.p97_5} | ${row.latencyMs.p99} | ${row.requests} | ` +
        `${row.errors + row.timeouts} / ${row.non2xx} | ${row.serverCpuMsPerRequest} | ${row.memory.rssMiB} | ${row.loadAverage} |`,
    ),
  ].join('\n')

const verdicts = (issued: IssueResult | undefined, rows: Row[]): string[] => {
  const lines: string[] = []
  for (const run of issued?.runs ?? []) {
    lines.push(`issuing with ${run.issuers} issuer(s): ${run.certificatesPerMinute} certificates/min ` +
      `${run.certificatesPerMinute >= TARGET_PER_MINUTE ? 'MET' : 'NOT MET'} (target >= ${TARGET_PER_MINUTE})`)
  }
  const ours = rows.find((row) => row.scenario === 'verify-json')
  if (ours) {
    lines.push(`verify-json: ${ours.requestsPerSecond.toFixed(0)} req/s ${ours.requestsPerSecond >= TARGET_RPS ? 'MET' : 'NOT MET'} (target >= ${TARGET_RPS}); ` +
      `p99 ${ours.latencyMs.p99} ms ${ours.latencyMs.p99 < TARGET_P99_MS ? 'MET' : 'NOT MET'} (target < ${TARGET_P99_MS} ms)`)
    for (const stock of rows.filter((row) => row.scenario.startsWith('stock-'))) {
      lines.push(`verify-json vs ${stock.scenario}: ${(ours.requestsPerSecond / stock.requestsPerSecond).toFixed(1)}x the throughput`)
    }
  }
  return lines
}

/** Runs issue.ts in its own process and reads what it measured. */
const runIssuing = async (databaseUri: string, issuers: string): Promise<IssueResult> => {
  const output = path.join(DATA_DIR, 'issue-result.json')
  fs.rmSync(output, { force: true })
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/certificates/issue.ts', output], {
    stdio: 'inherit',
    env: {
      ...process.env,
      // As the app's jobs worker runs: a production process on the app's database and files.
      NODE_ENV: 'production',
      DATABASE_URI: databaseUri,
      SERVER_URL,
      BENCH_CERTIFICATES: String(CERTIFICATES),
      BENCH_ISSUERS: issuers,
    },
  })
  const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)))
  if (code !== 0) {
    throw new Error(`bench/certificates/issue.ts exited with ${code}`)
  }
  return JSON.parse(fs.readFileSync(output, 'utf8')) as IssueResult
}

const login = async (baseUrl: string, { email, password }: IssueResult['superAdmin']): Promise<string> => {
  const response = await fetch(`${baseUrl}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
  const { token } = (await response.json()) as { token?: string }
  if (!response.ok || !token) {
    throw new Error(`The super-admin could not log in (${response.status}).`)
  }
  return token
}

process.env.PAYLOAD_SECRET ??= 'bench-certificates-secret-not-for-production-use'
Object.assign(process.env, { AQOON_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn' })

const started = Date.now()
const loadAtStart = loadAverage()
if (PARTS.has('verify')) {
  buildIfStale(log)
}
log(`fresh embedded PostgreSQL on port ${PG_PORT}, data in ${path.relative(process.cwd(), DATA_DIR)}`)
fs.rmSync(path.join(DATA_DIR, 'certificate-files'), { recursive: true, force: true })
const database = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, database: 'aqoon', fresh: true })
const rows: Row[] = []
let issued: IssueResult | undefined
let certificates: SeededCertificate[] = []
try {
  await runMigrations(database.uri)
  const db = new pg.Client({ connectionString: database.uri })
  await db.connect()
  try {
    const seeding = Date.now()
    // bench:catalog's schools, courses and students (a quarter of whose 100,000 enrollments
    // are completed); the certificates are those of the first completed enrollments.
    const schools = await seedSchools(db)
    await seedCourses(db, schools, 0, 1_000)
    const enrollments = await seedEnrollments(db, schools)
    certificates = await seedCertificates(db, SERIALS, SERVER_URL)
    await analyze(db)
    log(`seeded ${schools.tenantIds.length} schools, ${enrollments} enrollments and ${certificates.length} certificates in ${((Date.now() - seeding) / 1000).toFixed(0)} s`)
  } finally {
    await db.end()
  }

  // The issuing run also makes the super-admin the stock REST scenarios log in as.
  issued = await runIssuing(database.uri, PARTS.has('issue') ? ISSUERS : '')

  if (PARTS.has('verify')) {
    const serials = shuffled(certificates)
    // One server per scenario, one at a time: two cores are shared by the server,
    // PostgreSQL and the load generator, and each scenario's memory is its own.
    for (const scenario of SELECTED) {
      const app = await startApp({ port: APP_PORT, databaseUri: database.uri, dataDir: DATA_DIR, log })
      try {
        const startedAt = new Date().toISOString()
        const token = scenario.needsToken ? await login(app.baseUrl, issued.superAdmin) : ''
        const requests = scenario.requests(serials, token)
        await check(app.baseUrl, requests)
        await measure(app.baseUrl, requests, WARMUP_SECONDS)
        const cpuBefore = app.cpuMs()
        const measured = await measure(app.baseUrl, requests, SECONDS)
        const serverCpuMsPerRequest = Math.round(((app.cpuMs() - cpuBefore) / measured.requests) * 100) / 100
        const row: Row = { ...measured, scenario: scenario.name, distinctRequests: requests.length, serverCpuMsPerRequest, memory: app.memory(), startedAt, loadAverage: loadAverage() }
        rows.push(row)
        log(`${scenario.name}: ${row.requestsPerSecond.toFixed(0)} req/s, p50 ${row.latencyMs.p50} ms, p99 ${row.latencyMs.p99} ms, ` +
          `${row.errors + row.timeouts} errors, ${row.non2xx} non-2xx, ${serverCpuMsPerRequest} CPU ms/req, RSS ${row.memory.rssMiB} MiB, load ${row.loadAverage}`)
      } finally {
        await app.stop()
      }
    }
  }
} finally {
  await database.stop()
}

const report = [
  `Certificates benchmark (${os.cpus().length} cores, Node ${process.version}; load average ${loadAtStart} at the start).`,
  '',
  ...(issued?.runs.length
    ? [
        `### Issuing: ${CERTIFICATES} certificates per row through payload.jobs.run({ queue: 'certificates', limit: issuers })`,
        '',
        `First certificate, Chromium starting: ${issued.firstCertificateMs} ms.`,
        '',
        issueTable(issued),
        '',
      ]
    : []),
  ...(rows.length
    ? [
        `### Verification: ${CONNECTIONS} connections, ${SECONDS} s after ${WARMUP_SECONDS} s of warm-up, ${certificates.length} serials rotated`,
        '',
        ...SELECTED.map((s) => `- ${s.name}: ${s.description}`),
        '',
        verifyTable(rows),
        '',
      ]
    : []),
  ...verdicts(issued, rows).map((line) => `- ${line}`),
].join('\n')
console.log(`\n${report}\n`)

const output = writeRunRecord(
  'bench/certificates/last-run.json',
  {
    loadAverageAtStart: loadAtStart,
    settings: { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, certificatesPerRun: CERTIFICATES, issuers: ISSUERS, serials: certificates.length },
    issuing: issued?.runs.length ? { firstCertificateMs: issued.firstCertificateMs, runs: issued.runs } : undefined,
    scenarios: SELECTED.map(({ name, description }) => ({ name, description })),
    verification: rows,
    verdicts: verdicts(issued, rows),
  },
  started,
)
log(`written ${path.relative(process.cwd(), output)} in ${Math.round((Date.now() - started) / 1000)} s total`)
process.exit(0)
