/**
 * `npx tsx bench/shared/plainPayload.check.ts`: a short check of the plain Payload baseline
 * (README.md beside it). A fresh embedded PostgreSQL on port 54391 (data in .data/bench-plain),
 * Aqoon's migrations, a school with one published course seeded with SQL, then the plain server
 * on port 3160: anonymous reads answer without Aqoon's gate, Aqoon's endpoints and headers are
 * absent, and a login can write. About a minute; exits 1 on the first failed check.
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import pg from 'pg'

import { runMigrations } from '@/server/runPayloadCli'
import { startEmbeddedPostgres } from '@/services/database/embeddedPostgres'

import { startPlainPayload } from './plainPayload'

const DATA_DIR = path.resolve('.data/bench-plain')
// Apart from the app's defaults, the tests' ports and the catalog benchmark's (3127, 54399).
const HTTP_PORT = 3160
const PG_PORT = 54391
const SEQUENTIAL_REQUESTS = 200

const log = (line: string) => console.log(`[plain-check] ${line}`)

type Answer = { status: number; headers: Headers; body: Record<string, unknown> }

const ask = async (baseUrl: string, route: string, init: RequestInit = {}): Promise<Answer> => {
  const response = await fetch(`${baseUrl}${route}`, init)
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
}

const json = (method: string, body: unknown, token?: string): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `JWT ${token}` } : {}) },
  body: JSON.stringify(body),
})

/** One school, one published course titled in three languages; answers their ids. */
const seedCourse = async (db: pg.Client): Promise<{ tenantId: number; courseId: number }> => {
  const now = new Date().toISOString()
  const { rows: tenants } = await db.query<{ id: number }>(
    `insert into tenants (name, slug, default_locale, timezone, registration, status, updated_at, created_at)
     values ('Plain School', 'plain-school', 'en', 'UTC', 'open', 'active', $1, $1) returning id`,
    [now],
  )
  const tenantId = tenants[0]!.id
  const { rows: courses } = await db.query<{ id: number }>(
    `insert into courses (tenant_id, slug, level, language, estimated_hours, enrollment_policy, archived, _status, updated_at, created_at)
     values ($1, 'astronomy-basics', 'beginner', 'en', 4, 'open', false, 'published', $2, $2) returning id`,
    [tenantId, now],
  )
  const courseId = courses[0]!.id
  for (const [locale, title] of [['en', 'Astronomy basics'], ['ar', 'أساسيات علم الفلك'], ['so', 'Aasaaska cilmiga xiddigiska']]) {
    await db.query('insert into courses_locales (title, summary, _locale, _parent_id) values ($1, $2, $3, $4)', [title, `${title}.`, locale, courseId])
  }
  return { tenantId, courseId }
}

const seedEnrollment = async (db: pg.Client, ids: { tenantId: number; courseId: number; userId: number }): Promise<number> => {
  const now = new Date().toISOString()
  const { rows } = await db.query<{ id: number }>(
    `insert into enrollments (tenant_id, user_id, course_id, status, source, progress, requested_at, activated_at, updated_at, created_at)
     values ($1, $2, $3, 'active', 'self', 0, $4, $4, $4, $4) returning id`,
    [ids.tenantId, ids.userId, ids.courseId, now],
  )
  return rows[0]!.id
}

const docsOf = (answer: Answer): Record<string, unknown>[] => (answer.body.docs as Record<string, unknown>[] | undefined) ?? []

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

process.env.PAYLOAD_SECRET ??= 'bench-plain-secret-not-for-production-use'
Object.assign(process.env, { AQOON_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn' })

const started = Date.now()
log(`fresh embedded PostgreSQL on port ${PG_PORT}, data in ${path.relative(process.cwd(), DATA_DIR)}`)
const database = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, database: 'aqoon', fresh: true })
let failed = false
try {
  await runMigrations(database.uri, 3 * 60_000)
  const db = new pg.Client({ connectionString: database.uri })
  await db.connect()
  try {
    const { tenantId, courseId } = await seedCourse(db)
    log(`migrated and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: school ${tenantId}, course ${courseId}`)

    const serverStarted = Date.now()
    const server = await startPlainPayload({ databaseUri: database.uri, port: HTTP_PORT, logFile: path.join(DATA_DIR, `plain-payload-${HTTP_PORT}.log`), log })
    log(`plain server ready in ${((Date.now() - serverStarted) / 1000).toFixed(1)} s; stripped: ${JSON.stringify(server.stripped)}`)
    const url = server.baseUrl
    try {
      const search = `/api/courses?where[title][like]=${encodeURIComponent('الفلك')}&locale=ar&limit=10&depth=0`
      const found = await ask(url, search)
      assert.equal(found.status, 200, `search: ${JSON.stringify(found.body)}`)
      assert.deepEqual(docsOf(found).map((doc) => [doc.id, doc.title, doc.tenant]), [[courseId, 'أساسيات علم الفلك', tenantId]])
      log('anonymous like search (locale ar, depth 0) finds the course: ok')

      const byId = await ask(url, `/api/courses/${courseId}?depth=1`)
      assert.equal(byId.status, 200, `by id: ${JSON.stringify(byId.body)}`)
      assert.equal((byId.body.tenant as { slug?: unknown } | undefined)?.slug, 'plain-school', 'depth 1 populates the school')
      assert.equal(byId.body.title, 'Astronomy basics', 'the default locale when none is asked')
      log('course by id with depth 1 (school populated): ok')

      const unknownSchool = await ask(url, search, { headers: { 'x-tenant': 'no-such-school' } })
      assert.equal(unknownSchool.status, 200, 'Aqoon answers 404 to an unknown X-Tenant; plain Payload ignores the header')
      for (const header of ['x-request-id', 'x-content-type-options', 'content-security-policy', 'x-frame-options']) {
        assert.equal(found.headers.get(header), null, `Aqoon's server sets ${header}; plain Payload does not`)
      }
      for (const route of ['/api/catalog?q=astronomy', '/api/health']) {
        const answer = await ask(url, route)
        assert.equal(answer.status, 404, `${route} is Aqoon's endpoint: ${answer.status}`)
      }
      log('no X-Tenant gate, no Aqoon headers, no Aqoon endpoints: ok')

      const registered = await ask(url, '/api/users/first-register', json('POST', { name: 'Plain Admin', email: 'Admin@Plain.test', password: 'plain-password-1' }))
      assert.equal(registered.status, 200, `first-register: ${JSON.stringify(registered.body)}`)
      const user = registered.body.user as { id: number; email: string }
      // Payload's own hook on its email field still lowercases.
      assert.equal(user.email, 'admin@plain.test')
      const enrollmentId = await seedEnrollment(db, { tenantId, courseId, userId: user.id })

      const anonymousWrite = await ask(url, `/api/enrollments/${enrollmentId}`, json('PATCH', { progress: 50 }))
      assert.equal(anonymousWrite.status, 403, `an anonymous write is Payload's default refusal: ${anonymousWrite.status}`)
      const login = await ask(url, '/api/users/login', json('POST', { email: 'admin@plain.test', password: 'plain-password-1' }))
      assert.equal(login.status, 200, `login: ${JSON.stringify(login.body)}`)
      const token = login.body.token as string
      const patched = await ask(url, `/api/enrollments/${enrollmentId}?depth=0`, json('PATCH', { progress: 50 }, token))
      assert.equal(patched.status, 200, `patch: ${JSON.stringify(patched.body)}`)
      assert.equal((patched.body.doc as { progress?: unknown } | undefined)?.progress, 50)
      log('first-register, login, and a signed-in PATCH of an enrollment: ok')

      const timings: number[] = []
      for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) {
        const at = performance.now()
        const answer = await fetch(`${url}${search}`)
        await answer.arrayBuffer()
        timings.push(performance.now() - at)
      }
      timings.sort((a, b) => a - b)
      const total = timings.reduce((sum, ms) => sum + ms, 0)
      log(`${SEQUENTIAL_REQUESTS} sequential searches: ${(SEQUENTIAL_REQUESTS / (total / 1000)).toFixed(0)} req/s, ` +
        `p50 ${percentile(timings, 0.5).toFixed(1)} ms, p99 ${percentile(timings, 0.99).toFixed(1)} ms, RSS ${server.memory().rssMiB} MiB`)
    } finally {
      await server.stop()
    }
  } finally {
    await db.end()
  }
} catch (error) {
  failed = true
  console.error(`[plain-check] FAILED: ${error instanceof Error ? error.message : String(error)}`)
} finally {
  await database.stop()
}
log(`${failed ? 'failed' : 'all checks passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
process.exit(failed ? 1 : 0)
