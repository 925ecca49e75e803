/**
 * `npm run bench:admin`: the admin panel's list views of courses, enrollments and audit
 * entries at scale, as a super-admin and as a school's admin. Each list view state (first
 * page, a deep page, another sort, a filter, a search) is asked through the REST API with the
 * arguments the list view gives the Local API, one request at a time; then the real admin
 * pages are timed in Chromium. Calls over the target are asked again with PostgreSQL's
 * auto_explain on; the candidate indexes of fixes.ts are tried one at a time on this
 * database, on the list views each is for, and the list views that read many rows are asked
 * again selecting only their columns (what `admin.enableListViewSelectAPI` would make them ask).
 * Needs nothing but a clone and Debian's Chromium: PostgreSQL is the embedded one, on its own
 * port and folder. Prints Markdown tables and writes bench/admin/last-run.json.
 *
 * Knobs for a trial run: BENCH_SCALE (10: thousands of courses per school, 20 schools),
 * BENCH_AUDIT_ENTRIES (200000), BENCH_WARMUPS (3), BENCH_REPETITIONS (20),
 * BENCH_CALL_BUDGET_SECONDS (60), BENCH_BROWSER_VISITS (3), BENCH_PARTS (rest,browser,explain,fixes),
 * BENCH_REUSE=1 (keep the last run's database when it holds the same sizes), BENCH_EXPLAIN_ABOVE_MS (1000),
 * BENCH_ONLY (a comma list: only the list views whose label contains one of its parts), BENCH_DEEP_PAGE (500).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { buildIfStale } from '@/server/buildIfStale'
import { runMigrations } from '@/server/runPayloadCli'
import { startEmbeddedPostgres } from '@/services/database/embeddedPostgres'
import { CATEGORIES } from '@/shared/slugs'

import { analyze, seedCourses, seedEnrollments, seedSchools, TENANT_COUNT } from '../catalog/seed'
import { intFromEnv, loadAverage, writeRunRecord } from '../shared/runInfo'
import { startApp } from '../shared/server'
import { type PageTiming, timeAdminPages } from './browser'
import { collect, type ExplainedStatement, explainSlowStatements, preloadAutoExplain } from './explain'
import { applyFix, dropFix, FIXES, fixSql } from './fixes'
import { allListRequests, LIST_VIEWS, type Viewer } from './listViews'
import { logIn, type Timed, timeRequest } from './measure'
import type { Personas } from './personas'
import { seedAuditEntries, seedCourseVersions, titleEnrollments } from './seed'

const DATA_DIR = path.resolve('.data/bench-admin')
// Apart from the app's defaults, the tests' ports and the other benchmarks' (3127-3137, 54399-54409).
const APP_PORT = 3190
const PG_PORT = 54395
const PERSONAS_FILE = path.join(DATA_DIR, 'personas.json')
/** When the database was seeded and how long each part took, for a run that reuses it. */
const SEEDED_FILE = path.join(DATA_DIR, 'seeded.json')

const SCALE = intFromEnv(process.env.BENCH_SCALE, 10)
const AUDIT_ENTRIES = intFromEnv(process.env.BENCH_AUDIT_ENTRIES, 200_000)
const WARMUPS = intFromEnv(process.env.BENCH_WARMUPS, 3)
const REPETITIONS = intFromEnv(process.env.BENCH_REPETITIONS, 20)
const CALL_BUDGET_MS = intFromEnv(process.env.BENCH_CALL_BUDGET_SECONDS, 60) * 1000
const BROWSER_VISITS = intFromEnv(process.env.BENCH_BROWSER_VISITS, 3)
const PARTS = new Set((process.env.BENCH_PARTS ?? 'rest,browser,explain,fixes').split(',').map((part) => part.trim()))
const REUSE = process.env.BENCH_REUSE === '1'
/** Only the list views whose label ("courses / page 500 / school-admin") contains one of these. */
const ONLY = process.env.BENCH_ONLY?.split(',').map((part) => part.trim()).filter(Boolean)
const REQUEST_TIMEOUT_MS = 120_000
/** Calls whose p95 reaches this are explained: the target unless set lower, to look at calls under it. */
const EXPLAIN_ABOVE_MS = intFromEnv(process.env.BENCH_EXPLAIN_ABOVE_MS, 1_000)

// The issue's target: every list view answers in under a second.
const TARGET_MS = 1_000
/** Statements auto_explain reports when a call is explained. */
const EXPLAIN_MIN_MS = 50

const log = (line: string) => console.log(`[bench] ${line}`)
const COURSES = TENANT_COUNT * SCALE * 1_000

type Sizes = { courses: number; courseVersions: number; enrollments: number; auditEntries: number }

const countRows = async (db: pg.Client): Promise<Sizes> => {
  const count = async (table: string) => Number((await db.query<{ n: string }>(`select count(*) as n from "${table}"`)).rows[0]!.n)
  return { courses: await count('courses'), courseVersions: await count('_courses_v'), enrollments: await count('enrollments'), auditEntries: await count('audit_logs') }
}

/** Seeds the database with SQL: bench:catalog's schools, courses and enrollments, then what the admin lists need beside them. */
const seed = async (db: pg.Client): Promise<Record<string, number>> => {
  const seconds: Record<string, number> = {}
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now()
    const result = await work()
    seconds[name] = Math.round((Date.now() - started) / 100) / 10
    log(`seeded ${name} in ${seconds[name]} s`)
    return result
  }
  const schools = await timed('schools', () => seedSchools(db))
  await timed('courses', () => seedCourses(db, schools, 0, SCALE * 1_000))
  await timed('enrollments', () => seedEnrollments(db, schools))
  await timed('courseVersions', () => seedCourseVersions(db))
  await timed('enrollmentTitles', () => titleEnrollments(db))
  await timed('auditEntries', () => seedAuditEntries(db, AUDIT_ENTRIES))
  await timed('vacuumAnalyze', () => analyze(db))
  return seconds
}

/** Makes the two people in a process of their own (a production Payload on the database). */
const makePersonas = async (databaseUri: string): Promise<Personas> => {
  fs.rmSync(PERSONAS_FILE, { force: true })
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/admin/personas.ts', PERSONAS_FILE], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URI: databaseUri },
  })
  const code = await new Promise<number>((resolve) => child.on('exit', (exitCode) => resolve(exitCode ?? 1)))
  if (code !== 0) {
    throw new Error(`bench/admin/personas.ts exited with ${code}`)
  }
  return JSON.parse(fs.readFileSync(PERSONAS_FILE, 'utf8')) as Personas
}

const verdict = (ms: number) => (ms < TARGET_MS ? 'yes' : '**no**')

const restTable = (rows: Timed[]): string =>
  [
    '| collection | list view | viewer | total docs | p50 ms | p95 ms | max ms | n | p95 under 1 s |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((row) =>
      `| ${row.collection} | ${row.caseName} | ${row.viewer} | ${row.totalDocs} | ${Math.round(row.latency.p50Ms)} | ${Math.round(row.latency.p95Ms)} | ` +
        `${Math.round(row.latency.maxMs)} | ${row.latency.count}${row.cutShort ? ' (budget)' : ''} | ${verdict(row.latency.p95Ms)} |`,
    ),
  ].join('\n')

const browserTable = (rows: PageTiming[]): string =>
  [
    '| page | viewer | rows visible p50 ms | rows visible max ms | first byte p50 ms | document p50 ms | rows | list shows | p50 under 1 s |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...rows.map((row) => {
      const documentMs = [...row.visits.map((v) => v.documentMs)].sort((a, b) => a - b)[Math.floor((row.visits.length - 1) / 2)]
      return `| \`${row.path}\` | ${row.viewer} | ${Math.round(row.rowsVisible.p50Ms)} | ${Math.round(row.rowsVisible.maxMs)} | ${Math.round(row.firstByte.p50Ms)} | ` +
        `${documentMs} | ${row.visits[0]?.rows ?? 0} | ${row.pageInfo || '?'} | ${row.collection === CATEGORIES ? 'control' : verdict(row.rowsVisible.p50Ms)} |`
    }),
  ].join('\n')

type Explained = { label: string; restPath: string; statements: ExplainedStatement[] }
type FixTrial = { fix: { name: string; why: string; change: string[]; seconds: number }; before: Timed[]; after: Timed[] }

const fixTable = (trials: FixTrial[]): string =>
  [
    '| fix | list view | viewer | p50 ms before | p50 ms after | p95 ms before | p95 ms after | bytes before | bytes after | p95 under 1 s after |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...trials.flatMap(({ fix, before, after }) =>
      after.map((row) => {
        const was = before.find((b) => b.label === row.label)!
        return `| ${fix.name} | ${row.collection} / ${row.caseName} | ${row.viewer} | ${Math.round(was.latency.p50Ms)} | ${Math.round(row.latency.p50Ms)} | ` +
          `${Math.round(was.latency.p95Ms)} | ${Math.round(row.latency.p95Ms)} | ${was.bytes} | ${row.bytes} | ${verdict(row.latency.p95Ms)} |`
      }),
    ),
  ].join('\n')

process.env.PAYLOAD_SECRET ??= 'bench-admin-secret-not-for-production-use'
Object.assign(process.env, { AQOON_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn' })

const started = Date.now()
const loadAtStart = loadAverage()
buildIfStale(log)
const database = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, database: 'aqoon', fresh: !REUSE, log: collect })
log(`embedded PostgreSQL on port ${PG_PORT}, data in ${path.relative(process.cwd(), DATA_DIR)}${REUSE ? ' (reused when it holds the same sizes)' : ' (fresh)'}`)
let seedSeconds: Record<string, number> = {}
/** The seeding a reusing run found: when, and how long it took. */
let seeded: { at: string; seconds: Record<string, number> } | undefined
let sizes: Sizes | undefined
let personas: Personas | undefined
const rest: Timed[] = []
let pages: PageTiming[] = []
const explained: Explained[] = []
const trials: FixTrial[] = []
const db = new pg.Client({ connectionString: database.uri })
try {
  await runMigrations(database.uri)
  await db.connect()
  const existing = await countRows(db)
  if (REUSE && existing.courses === COURSES && existing.auditEntries >= AUDIT_ENTRIES && fs.existsSync(PERSONAS_FILE)) {
    log(`reusing the seeded database: ${JSON.stringify(existing)}`)
    personas = JSON.parse(fs.readFileSync(PERSONAS_FILE, 'utf8')) as Personas
    seeded = fs.existsSync(SEEDED_FILE) ? (JSON.parse(fs.readFileSync(SEEDED_FILE, 'utf8')) as typeof seeded) : undefined
  } else {
    if (existing.courses > 0) {
      throw new Error('The database holds other sizes; run without BENCH_REUSE=1 to seed a fresh one.')
    }
    seedSeconds = await seed(db)
    personas = await makePersonas(database.uri)
    fs.writeFileSync(SEEDED_FILE, `${JSON.stringify({ at: new Date().toISOString(), seconds: seedSeconds })}\n`)
  }
  sizes = await countRows(db)
  log(`sizes: ${JSON.stringify(sizes)}`)
  await preloadAutoExplain(db)

  const app = await startApp({ port: APP_PORT, databaseUri: database.uri, dataDir: DATA_DIR, log })
  try {
    const people: Record<Viewer, Personas['superAdmin']> = { 'super-admin': personas.superAdmin, 'school-admin': personas.schoolAdmin }
    const tokens: Record<Viewer, string> = { 'super-admin': await logIn(app.baseUrl, people['super-admin']), 'school-admin': await logIn(app.baseUrl, people['school-admin']) }
    const requests = allListRequests(personas.schoolAdmin.tenant.id).filter((request) => !ONLY || ONLY.some((part) => request.label.includes(part)))
    const options = { warmups: WARMUPS, repetitions: REPETITIONS, budgetMs: CALL_BUDGET_MS, timeoutMs: REQUEST_TIMEOUT_MS }

    if (PARTS.has('rest')) {
      for (const request of requests) {
        const row = await timeRequest(app.baseUrl, request, tokens[request.viewer], options)
        rest.push(row)
        log(`${row.label}: ${row.totalDocs} docs, p50 ${Math.round(row.latency.p50Ms)} ms, p95 ${Math.round(row.latency.p95Ms)} ms, max ${Math.round(row.latency.maxMs)} ms (n ${row.latency.count}), load ${row.loadAverage}`)
      }
    }

    if (PARTS.has('browser')) {
      pages = await timeAdminPages({
        // The server's own URL (SERVER_URL): the admin panel's requests carry it as their Origin, which CSRF checks.
        baseUrl: `http://localhost:${APP_PORT}`,
        people: (Object.keys(people) as Viewer[]).map((viewer) => ({ viewer, ...people[viewer] })),
        pages: [
          ...LIST_VIEWS.map((view) => ({ collection: view.collection.slug, path: `/admin/collections/${view.collection.slug}` })),
          // A control: the same list view over a small collection, the admin page's cost without the data's.
          { collection: CATEGORIES, path: `/admin/collections/${CATEGORIES}` },
        ],
        visits: BROWSER_VISITS,
        timeoutMs: REQUEST_TIMEOUT_MS,
        log,
      })
    }

    if (PARTS.has('explain')) {
      const slow = rest.filter((row) => row.latency.p95Ms >= EXPLAIN_ABOVE_MS)
      for (const row of slow) {
        const statements = await explainSlowStatements(db, EXPLAIN_MIN_MS, () =>
          fetch(`${app.baseUrl}${row.restPath}`, { headers: { authorization: `JWT ${tokens[row.viewer]}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).then((r) => r.text()),
        )
        explained.push({ label: row.label, restPath: row.restPath, statements })
        log(`explained ${row.label}: ${statements.map((s) => `${Math.round(s.durationMs)} ms`).join(', ') || `no statement over ${EXPLAIN_MIN_MS} ms`}`)
      }
    }

    if (PARTS.has('fixes')) {
      // One fix at a time, on the list views it is for: each row's change is that fix's alone.
      for (const fix of FIXES) {
        const targets = rest.filter((row) => fix.targets.some((target) => row.label.includes(target)))
        if (targets.length === 0) {
          continue
        }
        const applied = await applyFix(db, fix)
        log(`created ${fix.indexes.map((index) => index.name).join(', ')} in ${applied.seconds} s`)
        try {
          const after: Timed[] = []
          for (const row of targets) {
            after.push(await timeRequest(app.baseUrl, row, tokens[row.viewer], options))
            log(`with ${fix.name}, ${row.label}: p50 ${Math.round(after.at(-1)!.latency.p50Ms)} ms (was ${Math.round(row.latency.p50Ms)} ms)`)
          }
          trials.push({ fix: { name: fix.name, why: fix.why, change: fixSql(fix), seconds: applied.seconds }, before: targets, after })
        } finally {
          await dropFix(db, applied)
        }
      }
      // Not an index: the list view asking for its columns only, where the rows it reads dominate.
      const fetching = rest.filter((row) => /^(first page|page \d+|sorted by .*)$/.test(row.caseName))
      const after: Timed[] = []
      for (const row of fetching) {
        const timed = await timeRequest(app.baseUrl, { ...row, restPath: row.restPathWithColumns }, tokens[row.viewer], options)
        after.push({ ...timed, restPath: row.restPath })
        log(`with the columns selected, ${row.label}: p50 ${Math.round(timed.latency.p50Ms)} ms (was ${Math.round(row.latency.p50Ms)} ms), ${timed.bytes} bytes (was ${row.bytes})`)
      }
      trials.push({
        fix: {
          name: 'list view selects its columns',
          why: 'without `admin.enableListViewSelectAPI` the list view reads whole documents: every array, block, locale and relationship of each row, and of every row a deep page skips',
          change: ['admin: { enableListViewSelectAPI: true } in the Courses, Enrollments and AuditLogs collection configs (src/collections)'],
          seconds: 0,
        },
        before: fetching,
        after,
      })
    }
  } finally {
    await app.stop()
  }
} finally {
  await db.end().catch(() => undefined)
  await database.stop()
}

const slowCalls = rest.filter((row) => row.latency.p95Ms >= TARGET_MS)
// The control page (a small collection) is not one of the issue's list views.
const listPages = pages.filter((row) => row.collection !== CATEGORIES)
const slowPages = listPages.filter((row) => row.rowsVisible.p50Ms >= TARGET_MS)
const verdicts = [
  ...(rest.length ? [`REST list calls: ${rest.length - slowCalls.length} of ${rest.length} with p95 under ${TARGET_MS} ms ${slowCalls.length === 0 ? 'MET' : 'NOT MET'}`] : []),
  ...(listPages.length
    ? [`admin list pages in Chromium: ${listPages.length - slowPages.length} of ${listPages.length} with rows visible under ${TARGET_MS} ms at the median visit ${slowPages.length === 0 ? 'MET' : 'NOT MET'}`]
    : []),
]
const report = [
  `Admin list views (${os.cpus().length} cores, Node ${process.version}; load average ${loadAtStart} at the start). ` +
    `${sizes?.courses} courses (${sizes?.courseVersions} versions), ${sizes?.enrollments} enrollments, ${sizes?.auditEntries} audit entries in ${TENANT_COUNT} schools; ` +
    `the school admin's school holds a twentieth of each.`,
  '',
  ...(rest.length
    ? [`### REST calls with the list view's arguments (${WARMUPS} warm-ups, then up to ${REPETITIONS} one at a time, ${CALL_BUDGET_MS / 1000} s budget a call)`, '', restTable(rest), '']
    : []),
  ...(pages.length ? [`### Admin pages in Chromium (${BROWSER_VISITS} visits after one unrecorded)`, '', browserTable(pages), ''] : []),
  ...explained.flatMap((entry) => [
    `### Slowest statements of ${entry.label}`,
    '',
    ...entry.statements.slice(0, 3).map((s) => `- ${Math.round(s.durationMs)} ms: \`${s.queryText.replace(/\s+/g, ' ').slice(0, 300)}\``),
    '',
  ]),
  ...(trials.length
    ? [
        '### Candidate fixes, one at a time (indexes created on this database and dropped after; the select as the list view would send it)',
        '',
        fixTable(trials),
        '',
        ...trials.map(({ fix }) => `- ${fix.name}${fix.seconds ? ` (${fix.seconds} s to build)` : ''}: ${fix.change.map((change) => `\`${change}\``).join(' ')}`),
        '',
      ]
    : []),
  ...verdicts.map((line) => `- ${line}`),
].join('\n')
console.log(`\n${report}\n`)

const output = writeRunRecord(
  'bench/admin/last-run.json',
  {
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAverage(),
    settings: { scale: SCALE, auditEntries: AUDIT_ENTRIES, warmups: WARMUPS, repetitions: REPETITIONS, callBudgetSeconds: CALL_BUDGET_MS / 1000, browserVisits: BROWSER_VISITS, parts: [...PARTS], reused: REUSE, targetMs: TARGET_MS },
    sizes,
    seedSeconds,
    reusedSeeding: seeded,
    rest,
    browser: pages,
    explained: explained.map((entry) => ({ ...entry, statements: entry.statements.slice(0, 5).map((s) => ({ ...s, queryText: s.queryText.slice(0, 20_000), plan: s.plan.slice(0, 12_000) })) })),
    fixTrials: trials,
    verdicts,
  },
  started,
)
log(`written ${path.relative(process.cwd(), output)} in ${Math.round((Date.now() - started) / 1000)} s total`)
process.exit(0)
