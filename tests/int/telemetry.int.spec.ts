import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type AppProcess, freePort, portIsFree, startAppProcess } from '../helpers/appProcess'
import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import { createSchool, type School, uniq } from '../helpers/personas'
import { startTcpRelay, type TcpRelay } from '../helpers/tcpRelay'
import { TEST_ENV } from '../helpers/testEnv'
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../stand-ins/otlpReceiver'
import { type ReceivedEvent, type SentryStandIn, startSentryStandIn } from '../stand-ins/sentry'

/** OTLP's span kinds and status codes, as the receiver keeps them. */
const SERVER = 2
const CLIENT = 3
const CONSUMER = 5
const ERROR = 2

const COOKIE_SECRET = `cookie-${crypto.randomUUID()}`
const AUTH_SECRET = `auth-${crypto.randomUUID()}`
const PASSWORD_SECRET = `Password-${crypto.randomUUID()}`

let app: TestApp
let school: School
let relay: TcpRelay
let otlp: OtlpReceiver
let sentry: SentryStandIn
let server: AppProcess | undefined
/** A port nothing listens on: the server's mail server. */
let closedPort: number

/**
 * The environment of a server started as an operator would, on this file's database (through a
 * relay that can be cut); telemetry only as `extra` switches it on. Its mail server refuses
 * connections, so every notification mail job fails.
 */
const serverEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(OTEL_|SENTRY_)/.test(name)))
  return {
    ...inherited,
    NODE_ENV: 'production',
    ...TEST_ENV,
    DATABASE_URI: relay.url,
    LOG_LEVEL: 'info',
    JOBS_INTERVAL_SECONDS: '1',
    EVENTS_INTERVAL_MS: '500',
    // The tenant is looked up once, so a request can get past the gate to Payload while the database is away.
    TENANT_CACHE_SECONDS: '3600',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(closedPort),
    ...extra,
  }
}

beforeAll(async () => {
  closedPort = await freePort()
  otlp = await startOtlpReceiver()
  sentry = await startSentryStandIn()
  // A database of its own: the server's worker runs every job on it.
  app = await bootApp({}, { ownDatabase: true })
  school = await createSchool(app.payload, `otel-${uniq()}`)
  relay = await startTcpRelay(new URL(process.env.DATABASE_URI!), 5432)
  server = await startAppProcess({
    name: 'telemetry-on',
    env: serverEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      // The SDK's batches wait an hour here and never fill: every span arrives with the flush at shutdown.
      OTEL_BSP_SCHEDULE_DELAY: '3600000',
      OTEL_BSP_MAX_QUEUE_SIZE: '100000',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '100000',
      SENTRY_DSN: sentry.dsn,
      SENTRY_ENVIRONMENT: 'telemetry-test',
      SENTRY_RELEASE: 'aqoon@telemetry-test',
    }),
  })
}, 14 * 60_000)

afterAll(async () => {
  await server?.stop()
  await relay?.close()
  await otlp?.close()
  await sentry?.close()
  await app?.close()
})

const call = (path: string, { requestId, headers = {}, ...init }: RequestInit & { requestId: string; headers?: Record<string, string> }) =>
  fetch(`${server!.origin}${path}`, { ...init, headers: { 'X-Request-Id': requestId, 'X-Tenant': school.tenant.slug, ...headers } })

/** The first error report that `match` accepts, once it has arrived. */
const reportOf = async (match: (received: ReceivedEvent) => boolean, timeoutMs = 15_000): Promise<ReceivedEvent> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = sentry.events.find(match)
    if (found) {
      return found
    }
    if (Date.now() > deadline) {
      throw new Error(`no such error report within ${timeoutMs} ms; received: ${JSON.stringify(sentry.events.map((e) => e.event.tags))}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const reportFor = (requestId: string) => reportOf((e) => e.event.tags?.request_id === requestId)

const spansOf = (match: (span: ReceivedSpan) => boolean) => otlp.spans.filter(match)

/** Whether `span` descends from `ancestor` (through Next's own spans between them). */
const descendsFrom = (span: ReceivedSpan, ancestor: ReceivedSpan): boolean => {
  const byId = new Map(otlp.spans.map((s) => [s.spanId, s]))
  for (let parent = byId.get(span.parentSpanId); parent; parent = byId.get(parent.parentSpanId)) {
    if (parent.spanId === ancestor.spanId) {
      return true
    }
  }
  return false
}

describe('error reports', () => {
  it('should report a server error with its request id, without cookies, authorization or bodies, and never a client mistake', async () => {
    // Client mistakes first: a missing course (404) and a login that is not JSON (400).
    expect((await call('/api/courses/987654321', { requestId: 'otel-4xx-404' })).status).toBe(404)
    const notJson = await call('/api/users/login', { requestId: 'otel-4xx-400', method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"email":' })
    expect(notJson.status).toBe(400)
    // The tenant is resolved (and kept) while the database is there.
    expect((await call('/api/courses?limit=1', { requestId: 'otel-warm' })).status).toBe(200)
    relay.cut()
    try {
      const listed = await call('/api/courses?limit=1', {
        requestId: 'otel-5xx-list',
        headers: { Cookie: `payload-token=${COOKIE_SECRET}`, Authorization: `JWT ${AUTH_SECRET}` },
      })
      // The database is gone: the server's trouble, for a while, whether the pool's connection broke
      // under the query or none could be made (the error is still reported, below).
      expect(listed.status).toBe(503)
      expect(listed.headers.get('retry-after')).toBe('5')
      const login = await call('/api/users/login', {
        requestId: 'otel-5xx-login',
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: school.student.email, password: PASSWORD_SECRET }),
      })
      expect(login.status).toBe(503)
      expect(login.headers.get('retry-after')).toBe('5')
    } finally {
      relay.restore()
    }

    const listed = await reportFor('otel-5xx-list')
    // The key Sentry's ingest checks, from the DSN.
    expect(listed.publicKey).toBe(sentry.publicKey)
    expect(listed.event).toMatchObject({ environment: 'telemetry-test', release: 'aqoon@telemetry-test', tags: { method: 'GET', collection: 'courses' } })
    expect(listed.event.exception?.values?.length).toBeGreaterThan(0)
    const login = await reportFor('otel-5xx-login')
    // The failed query is named, the values it was sent with are not.
    expect(login.raw).toContain('params: [redacted]')
    for (const { event, raw } of [listed, login]) {
      expect(event).not.toHaveProperty('request')
      expect(event).not.toHaveProperty('user')
      expect(raw).not.toMatch(/"cookies?"|"authorization"|payload-token/i)
      for (const secret of [COOKIE_SECRET, AUTH_SECRET, PASSWORD_SECRET, school.student.email]) {
        expect(raw).not.toContain(secret)
      }
    }
    // Reports are sent as they are made: the client mistakes, made before, would be here by now.
    expect(sentry.events.map((e) => e.event.tags?.request_id)).not.toContain('otel-4xx-404')
    expect(sentry.events.map((e) => e.event.tags?.request_id)).not.toContain('otel-4xx-400')
    expect(sentry.events.map((e) => e.event.tags?.request_id)).not.toContain('otel-warm')
    expect(sentry.refused).toBe(0)
  }, 120_000)

  it('should report a job whose task fails in the worker, with the task and the job', async () => {
    // An approved enrollment: its event is one the student is mailed about, and the mail server refuses.
    const course = await createCourse(app.payload, school.tenant.id, { enrollmentPolicy: 'approval', instructors: [school.instructor.id] })
    const requested = await app.api.post(`/api/courses/${course.id}/enroll`, { token: await app.api.tokenOf(school.student) })
    const enrollment = ((await requested.json()) as { doc: { id: number } }).doc
    expect((await app.api.post(`/api/enrollments/${enrollment.id}/approve`, { token: await app.api.tokenOf(school.instructor) })).status).toBe(200)

    const failed = await reportOf((e) => e.event.tags?.job_task === 'sendNotification', 30_000)
    expect(failed.event.tags?.job_id).toMatch(/^\d+$/)
    expect(JSON.stringify(failed.event.exception)).toMatch(/ECONNREFUSED/)
    expect(failed.raw).not.toContain(school.student.email)
  }, 60_000)
})

describe('traces', () => {
  it('should export a span per request and per job run, with database queries as children, flushed when the processes stop', async () => {
    const traceId = crypto.randomBytes(16).toString('hex')
    const callerSpanId = crypto.randomBytes(8).toString('hex')
    const missing = await call('/api/courses/987654321', { requestId: 'otel-span-404', headers: { traceparent: `00-${traceId}-${callerSpanId}-01` } })
    expect(missing.status).toBe(404)
    expect((await call('/api/health/live', { requestId: 'otel-span-live' })).status).toBe(200)
    const job = await app.payload.jobs.queue({ task: 'expireEnrollments', input: {}, queue: 'maintenance' })
    // Payload deletes a job once it completes.
    await expect
      .poll(async () => (await app.payload.findByID({ collection: 'payload-jobs', id: job.id, overrideAccess: true, disableErrors: true })) === null, { timeout: 30_000, interval: 250 })
      .toBe(true)

    // Nothing has left yet: the batches wait for an hour (see beforeAll), or for the processes to stop.
    expect(otlp.spans).toEqual([])
    expect(await server!.stop()).toBe(0)
    server = undefined

    expect(otlp.contentTypes.length).toBeGreaterThan(0)
    expect(new Set(otlp.contentTypes)).toEqual(new Set(['application/json']))

    const [request] = spansOf((s) => s.scope === 'aqoon' && s.kind === SERVER && s.attributes['aqoon.request.id'] === 'otel-span-404')
    expect(request).toMatchObject({
      service: 'aqoon-web',
      name: 'GET /api/courses/:id',
      // The caller's trace, continued from its traceparent.
      traceId,
      parentSpanId: callerSpanId,
      attributes: { 'http.request.method': 'GET', 'http.route': '/api/courses/:id', 'http.response.status_code': 404 },
      status: 0,
    })
    // The template, never the raw path.
    expect(JSON.stringify(request)).not.toContain('987654321')
    const queries = spansOf((s) => s.scope === 'aqoon' && s.kind === CLIENT && s.traceId === traceId)
    expect(queries.length).toBeGreaterThan(0)
    for (const query of queries) {
      expect(query.attributes).toMatchObject({ 'db.system.name': 'postgresql' })
      expect(typeof query.attributes['db.query.text']).toBe('string')
      expect(descendsFrom(query, request!)).toBe(true)
    }
    expect(spansOf((s) => s.kind === SERVER && s.attributes['aqoon.request.id'] === 'otel-span-live')[0]).toMatchObject({
      name: 'GET /api/health/live',
      attributes: { 'http.route': '/api/health/live', 'http.response.status_code': 200 },
    })
    // The server error of the first test: an error span, with its failed queries under it.
    const failed = spansOf((s) => s.kind === SERVER && s.attributes['aqoon.request.id'] === 'otel-5xx-list')[0]
    expect(failed).toMatchObject({ name: 'GET /api/courses', status: ERROR, attributes: { 'http.response.status_code': 503, 'error.type': '503' } })

    const [run] = spansOf((s) => s.scope === 'aqoon' && s.kind === CONSUMER && s.attributes['aqoon.job.id'] === job.id)
    expect(run).toMatchObject({ service: 'aqoon-worker', name: 'job expireEnrollments', attributes: { 'aqoon.job.task': 'expireEnrollments' }, status: 0 })
    expect(spansOf((s) => s.kind === CLIENT && s.traceId === run!.traceId).length).toBeGreaterThan(0)
    // The notification that could not be mailed (second error report test): a failed run.
    expect(spansOf((s) => s.kind === CONSUMER && s.name === 'job sendNotification')[0]).toMatchObject({ service: 'aqoon-worker', status: ERROR })
  }, 120_000)
})

describe('with neither OTEL_EXPORTER_OTLP_ENDPOINT nor SENTRY_DSN set', () => {
  it('should export no span and report no error', async () => {
    // OTLP's default endpoint when it is free, to catch an exporter started with its defaults.
    const quiet = await startOtlpReceiver({ port: (await portIsFree(4318)) ? 4318 : 0 })
    const before = { spans: otlp.spans.length, events: sentry.events.length }
    const off = await startAppProcess({ name: 'telemetry-off', env: serverEnv({}) })
    try {
      const at = (path: string, init: RequestInit & { requestId: string }) => fetch(`${off.origin}${path}`, { ...init, headers: { 'X-Request-Id': init.requestId, 'X-Tenant': school.tenant.slug } })
      expect((await at('/api/courses/987654321', { requestId: 'otel-off-404' })).status).toBe(404)
      expect((await at('/api/courses?limit=1', { requestId: 'otel-off-warm' })).status).toBe(200)
      relay.cut()
      try {
        expect((await at('/api/courses?limit=1', { requestId: 'otel-off-5xx' })).status).toBe(503)
      } finally {
        relay.restore()
      }
      const job = await app.payload.jobs.queue({ task: 'expireEnrollments', input: {}, queue: 'maintenance' })
      await expect
        .poll(async () => (await app.payload.findByID({ collection: 'payload-jobs', id: job.id, overrideAccess: true, disableErrors: true })) === null, { timeout: 30_000, interval: 250 })
        .toBe(true)
    } finally {
      expect(await off.stop()).toBe(0)
      await quiet.close()
    }
    expect(quiet.contentTypes).toEqual([])
    expect(otlp.spans.length).toBe(before.spans)
    expect(sentry.events.length).toBe(before.events)
  }, 14 * 60_000)
})
