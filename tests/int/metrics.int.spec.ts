import type http from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse, lessonIds } from '../helpers/courses'
import { createPerson, createSchool, type School, uniq } from '../helpers/personas'
import { serveThroughOurServer } from '../helpers/ourServer'
import { startWebhookReceiver } from '../helpers/webhookReceiver'

const TOKEN = `metrics-${uniq()}`

let app: TestApp
let server: http.Server
let metricsServer: http.Server
let origin: string
let school: School
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>

type Sample = { name: string; labels: Record<string, string>; value: number }

/** Prometheus's text format, as a scraper reads it. */
const parse = (text: string): Sample[] =>
  text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
      if (!match) {
        throw new Error(`not in the exposition format: ${line}`)
      }
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]))
      return { name: match[1]!, labels, value: Number(match[3]) }
    })

const scrape = async (url = `${origin}/metrics`): Promise<Sample[]> => {
  const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  return parse(await response.text())
}

/** The value of the series with exactly these labels among its own (0 when it is not there yet). */
const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}): number =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0)

const requests = (samples: Sample[], method: string, route: string, status: string) =>
  valueOf(samples, 'aqoon_http_request_duration_seconds_count', { method, route, status })

beforeAll(async () => {
  receiver = await startWebhookReceiver()
  // A database of its own: queue depth and outbox lag are read from the whole database.
  app = await bootApp({ METRICS_TOKEN: TOKEN, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1/32', WEBHOOK_TIMEOUT_MS: '5000' }, { ownDatabase: true })
  const { startMetricsServer } = await import('@/server/metricsServer')
  ;({ server, origin } = await serveThroughOurServer(app, ['authorization', 'x-request-id']))
  metricsServer = (await startMetricsServer(0, '127.0.0.1')) as http.Server
  school = await createSchool(app.payload, `met-${uniq()}`)
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await new Promise((resolve) => metricsServer.close(resolve))
  await receiver.close()
  await app.close()
})

describe('the metrics endpoint', () => {
  it('should answer only to the metrics token, on the web port and on a port of its own', async () => {
    expect((await fetch(`${origin}/metrics`)).status).toBe(401)
    expect((await fetch(`${origin}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401)
    expect((await fetch(`${origin}/metrics`, { headers: { authorization: `JWT ${TOKEN}` } })).status).toBe(401)
    const own = `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}`
    expect((await fetch(`${own}/metrics`)).status).toBe(401)
    expect((await fetch(`${own}/other`)).status).toBe(404)
    const samples = await scrape(`${own}/metrics`)
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0)
  })
})

describe('HTTP series', () => {
  it('should count requests by route template and status, never by the raw path', async () => {
    const course = await createCourse(app.payload, school.tenant.id)
    const token = await app.api.tokenOf(school.student)
    const before = await scrape()
    const auth = { authorization: `JWT ${token}` }
    expect((await fetch(`${origin}/api/courses/${course.id}`, { headers: auth })).status).toBe(200)
    expect((await fetch(`${origin}/api/courses/${course.id}`, { headers: auth })).status).toBe(200)
    expect((await fetch(`${origin}/api/courses/2147483000`, { headers: auth })).status).toBe(404)
    expect((await fetch(`${origin}/api/courses/count`, { headers: auth })).status).toBe(200)
    expect((await fetch(`${origin}/api/courses/${course.id}/enroll`, { method: 'POST', headers: auth })).status).toBe(201)
    for (const junk of ['a1', 'b2', 'c3']) {
      expect((await fetch(`${origin}/api/no-such-${junk}/x`, { headers: auth })).status).toBe(404)
    }
    const after = await scrape()
    expect(requests(after, 'GET', '/api/courses/:id', '200') - requests(before, 'GET', '/api/courses/:id', '200')).toBe(2)
    expect(requests(after, 'GET', '/api/courses/:id', '404') - requests(before, 'GET', '/api/courses/:id', '404')).toBe(1)
    expect(requests(after, 'GET', '/api/courses/count', '200') - requests(before, 'GET', '/api/courses/count', '200')).toBe(1)
    expect(requests(after, 'POST', '/api/courses/:id/enroll', '201') - requests(before, 'POST', '/api/courses/:id/enroll', '201')).toBe(1)
    // Random paths share one series: a scanner cannot make series without end.
    expect(requests(after, 'GET', '/api/:unmatched', '404') - requests(before, 'GET', '/api/:unmatched', '404')).toBe(3)
    const routes = new Set(after.filter((s) => s.name === 'aqoon_http_request_duration_seconds_count').map((s) => s.labels.route))
    expect([...routes].filter((route) => /\d|no-such/.test(route!))).toEqual([])
    // The time is in the histogram's sum, in seconds.
    expect(valueOf(after, 'aqoon_http_request_duration_seconds_sum', { route: '/api/courses/:id' })).toBeGreaterThan(0)
  })

  it("should show the database pool in use and how long queries waited for it", async () => {
    const before = await scrape()
    await app.payload.find({ collection: 'courses', limit: 1, overrideAccess: true })
    const after = await scrape()
    expect(valueOf(after, 'aqoon_db_pool_connections', { state: 'total' })).toBeGreaterThan(0)
    expect(valueOf(after, 'aqoon_db_pool_wait_seconds_count')).toBeGreaterThan(valueOf(before, 'aqoon_db_pool_wait_seconds_count'))
  })
})

describe('background work', () => {
  it('should show a queue growing and its oldest job aging, then emptying once a worker ran it', async () => {
    const { drainQueues } = await import('@/jobs/drainQueues')
    await drainQueues(app.payload)
    const queue = `metrics-${uniq()}`
    await app.payload.jobs.queue({ task: 'expireEnrollments', input: {}, queue })
    await app.payload.jobs.queue({ task: 'expireEnrollments', input: {}, queue })
    const waiting = await scrape()
    expect(valueOf(waiting, 'aqoon_jobs_waiting', { queue })).toBe(2)
    expect(valueOf(waiting, 'aqoon_jobs_oldest_age_seconds', { queue })).toBeGreaterThanOrEqual(0)
    await app.payload.db.drizzle.execute(`update payload_jobs set created_at = now() - interval '10 minutes' where queue = '${queue}'`)
    expect(valueOf(await scrape(), 'aqoon_jobs_oldest_age_seconds', { queue })).toBeGreaterThanOrEqual(600)
    await drainQueues(app.payload)
    const drained = await scrape()
    expect(drained.filter((s) => s.labels.queue === queue)).toEqual([])
  })

  it("should show the outbox's lag per subscriber, back to nothing once the events are handed over", async () => {
    const { dispatchEvents } = await import('@/domain/events/dispatch')
    const { eventSubscribers } = await import('@/jobs/eventSubscribers')
    await dispatchEvents({ payload: app.payload, subscribers: eventSubscribers })
    const course = await createCourse(app.payload, school.tenant.id)
    const student = await createPerson(app.payload, { email: `met-${uniq()}@example.com`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })
    await app.payload.create({ collection: 'enrollments', data: { user: student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
    const behind = await scrape()
    for (const subscriber of eventSubscribers.map((s) => s.name)) {
      expect(valueOf(behind, 'aqoon_outbox_unsettled_events', { subscriber }), subscriber).toBeGreaterThanOrEqual(1)
      expect(valueOf(behind, 'aqoon_outbox_lag_seconds', { subscriber }), subscriber).toBeGreaterThan(0)
    }
    await dispatchEvents({ payload: app.payload, subscribers: eventSubscribers })
    const caughtUp = await scrape()
    for (const subscriber of eventSubscribers.map((s) => s.name)) {
      expect(valueOf(caughtUp, 'aqoon_outbox_unsettled_events', { subscriber }), subscriber).toBe(0)
      expect(valueOf(caughtUp, 'aqoon_outbox_lag_seconds', { subscriber }), subscriber).toBe(0)
    }
  })

  it('should count webhook deliveries by outcome', async () => {
    const { dispatchEvents } = await import('@/domain/events/dispatch')
    const { sendDueWebhooks } = await import('@/domain/webhooks/sendDue')
    const { eventSubscribers } = await import('@/jobs/eventSubscribers')
    const created = await app.api.post('/api/webhook-endpoints', {
      token: await app.api.tokenOf(school.admin),
      body: { url: receiver.url, events: ['enrollment.activated'], tenant: school.tenant.id },
    })
    expect(created.status).toBe(201)
    receiver.trust([((await created.json()) as { doc: { secret: string } }).doc.secret])
    const before = await scrape()
    const course = await createCourse(app.payload, school.tenant.id)
    const student = await createPerson(app.payload, { email: `met-${uniq()}@example.com`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })
    await app.payload.create({ collection: 'enrollments', data: { user: student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
    await dispatchEvents({ payload: app.payload, subscribers: eventSubscribers })
    receiver.plan.push(503)
    await sendDueWebhooks({ payload: app.payload })
    await sendDueWebhooks({ payload: app.payload, now: () => new Date(Date.now() + 60 * 60_000) })
    const after = await scrape()
    const delta = (outcome: string) => valueOf(after, 'aqoon_webhook_deliveries_total', { outcome }) - valueOf(before, 'aqoon_webhook_deliveries_total', { outcome })
    expect({ failed: delta('failed'), succeeded: delta('succeeded') }).toEqual({ failed: 1, succeeded: 1 })
    expect(valueOf(after, 'aqoon_webhook_deliveries_pending')).toBe(0)
  })

  it('should count mail the SMTP server took and mail that failed', async () => {
    const before = await scrape()
    await app.payload.sendEmail({ to: 'someone@example.com', subject: 'Counted', text: 'One.' })
    await expect(app.payload.sendEmail({ subject: 'Nobody to send to', text: 'None.' })).rejects.toThrow()
    const after = await scrape()
    const delta = (outcome: string) => valueOf(after, 'aqoon_mail_total', { outcome }) - valueOf(before, 'aqoon_mail_total', { outcome })
    expect({ sent: delta('sent'), failed: delta('failed') }).toEqual({ sent: 1, failed: 1 })
  })
})

describe('request ids in jobs', () => {
  it('should carry the id of the request that queued a job into the job, where the worker runs it under that id', async () => {
    const course = await createCourse(app.payload, school.tenant.id)
    const student = await createPerson(app.payload, { email: `met-${uniq()}@example.com`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })
    await app.payload.create({ collection: 'enrollments', data: { user: student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
    const token = await app.api.tokenOf(student)
    const requestId = `lb-${uniq()}`
    for (const [index, lesson] of lessonIds(course).slice(0, 2).entries()) {
      const response = await fetch(`${origin}/api/courses/${course.id}/lessons/${lesson}/complete`, {
        method: 'POST',
        headers: { authorization: `JWT ${token}`, 'x-request-id': index === 1 ? requestId : `other-${uniq()}` },
      })
      expect(response.status).toBe(200)
    }
    const { rows } = await app.payload.db.drizzle.execute(`select id, meta->>'requestId' as request_id from payload_jobs where task_slug = 'issueCertificate' and input->>'enrollment' is not null order by id desc limit 1`)
    expect(rows[0]?.request_id).toBe(requestId)
    // Payload's job runner says "Running 1 jobs." as it starts one: that line carries the id.
    const { drainQueues } = await import('@/jobs/drainQueues')
    const { currentRequestId } = await import('@/shared/requestContext')
    const ids: (string | undefined)[] = []
    const { logger } = app.payload
    const info = logger.info.bind(logger)
    const spy = vi.spyOn(logger, 'info').mockImplementation(((first: unknown, ...rest: unknown[]) => {
      if (typeof first === 'object' && first !== null && String((first as { msg?: unknown }).msg).startsWith('Running')) {
        ids.push(currentRequestId())
      }
      return (info as (...args: unknown[]) => void)(first, ...rest)
    }) as never)
    try {
      await drainQueues(app.payload)
    } finally {
      spy.mockRestore()
    }
    expect(ids).toContain(requestId)
    expect(currentRequestId()).toBeUndefined()
    const certificates = await app.payload.find({ collection: 'certificates', where: { holder: { equals: student.id } }, overrideAccess: true })
    expect(certificates.totalDocs).toBe(1)
  })
})

describe('request ids through events', () => {
  it("should keep the request's id on the event it caused and on the mail job a subscriber queues for it", async () => {
    const course = await createCourse(app.payload, school.tenant.id, { enrollmentPolicy: 'approval', instructors: [school.instructor.id] })
    const asked = await fetch(`${origin}/api/courses/${course.id}/enroll`, { method: 'POST', headers: { authorization: `JWT ${await app.api.tokenOf(school.student)}` } })
    expect(asked.status).toBe(201)
    const enrollment = ((await asked.json()) as { doc: { id: number } }).doc
    const requestId = `approve-${uniq()}`
    const approved = await fetch(`${origin}/api/enrollments/${enrollment.id}/approve`, {
      method: 'POST',
      headers: { authorization: `JWT ${await app.api.tokenOf(school.instructor)}`, 'x-request-id': requestId },
    })
    expect(approved.status).toBe(200)
    const { rows: events } = await app.payload.db.drizzle.execute(
      `select id, request_id from domain_events where type = 'enrollment.activated' and subject_id = '${enrollment.id}'`,
    )
    expect(events).toEqual([{ id: events[0]!.id, request_id: requestId }])
    const { dispatchEvents } = await import('@/domain/events/dispatch')
    const { eventSubscribers } = await import('@/jobs/eventSubscribers')
    await dispatchEvents({ payload: app.payload, subscribers: eventSubscribers })
    const { rows: jobs } = await app.payload.db.drizzle.execute(
      `select j.meta->>'requestId' as request_id from payload_jobs j join notification_emails e on e.id = (j.input->>'email')::int where j.task_slug = 'sendNotification' and e.event = ${String(events[0]!.id)}`,
    )
    expect(jobs).toEqual([{ request_id: requestId }])
  })
})

describe('the Grafana dashboard and the alert rules', () => {
  type Rule = { alert: string; expr: string; for: string; labels: { severity: string }; annotations: { summary: string } }
  type Panel = { id: number; type: string; gridPos: { x: number; w: number }; targets?: { expr: string }[] }

  const read = async () => {
    const fs = await import('node:fs')
    const YAML = await import('yaml')
    const dashboard = JSON.parse(fs.readFileSync('deploy/monitoring/grafana-dashboard.json', 'utf8')) as { uid: string; panels: Panel[] }
    const rules = (YAML.parse(fs.readFileSync('deploy/monitoring/alerts.yaml', 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules)
    return { dashboard, rules }
  }

  it('should read only series the app exports, with labels they have', async () => {
    const { metrics } = await import('@/services/metrics/registry')
    const { registry } = metrics()
    const { dashboard, rules } = await read()
    const expressions = [...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)), ...rules.map((r) => r.expr)]
    expect(expressions.length).toBeGreaterThan(15)
    const problems: string[] = []
    for (const expr of expressions) {
      for (const [, name, selector] of expr.matchAll(/\b((?:aqoon|process|nodejs)_[a-z0-9_]+)(\{[^}]*\})?/g)) {
        const base = name!.replace(/_(bucket|sum|count)$/, '')
        const metric = registry.getSingleMetric(name!) ?? registry.getSingleMetric(base)
        if (!metric) {
          problems.push(`${name} is not exported`)
          continue
        }
        const own = (metric as unknown as { labelNames: string[] }).labelNames
        const allowed = new Set([...own, 'job', 'instance', ...(name!.endsWith('_bucket') ? ['le'] : [])])
        for (const [, label] of (selector ?? '').matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)) {
          if (!allowed.has(label!)) {
            problems.push(`${name} has no label ${label}`)
          }
        }
      }
      for (const [, by] of expr.matchAll(/by \(([^)]*)\)/g)) {
        for (const label of by!.split(',').map((l) => l.trim())) {
          if (!['le', 'route', 'status', 'method', 'state', 'queue', 'subscriber', 'outcome', 'reason', 'job', 'instance'].includes(label)) {
            problems.push(`grouped by unknown label ${label}: ${expr}`)
          }
        }
      }
    }
    expect(problems).toEqual([])
  })

  it('should alert on errors, latency, queue age and outbox lag, each with a severity and a summary', async () => {
    const { dashboard, rules } = await read()
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^Aqoon[A-Z]\w+$/)
      expect(['warning', 'critical']).toContain(rule.labels.severity)
      expect(rule.annotations.summary.length).toBeGreaterThan(10)
      expect(rule.for).toMatch(/^\d+[smh]$/)
    }
    const reading = (series: string) => rules.filter((r) => r.expr.includes(series)).map((r) => r.alert)
    expect(reading('aqoon_http_request_duration_seconds_count{status=~"5.."}')).toHaveLength(1)
    expect(reading('aqoon_http_request_duration_seconds_bucket')).toHaveLength(1)
    expect(reading('aqoon_jobs_oldest_age_seconds')).toHaveLength(1)
    expect(reading('aqoon_outbox_lag_seconds')).toHaveLength(1)
    // The dashboard: unique panel ids, within Grafana's 24 columns, every graph with a query.
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length)
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24)
      if (panel.type !== 'row') {
        expect(panel.targets?.length, String(panel.id)).toBeGreaterThan(0)
      }
    }
  })
})
