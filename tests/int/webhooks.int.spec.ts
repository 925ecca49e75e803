import type { WebhookDelivery, WebhookEndpoint } from '@/payload-types'

import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dispatchEvents } from '@/domain/events/dispatch'
import { sendDueWebhooks } from '@/domain/webhooks/sendDue'
import { eventSubscribers } from '@/jobs/eventSubscribers'
import { MAX_ATTEMPTS } from '@/services/webhooks/backoff'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'
import { TEST_ENV } from '../helpers/testEnv'
import { startWebhookReceiver } from '../helpers/webhookReceiver'

let app: TestApp
let north: School
let south: School
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>
let southReceiver: Awaited<ReturnType<typeof startWebhookReceiver>>
let endpoint: WebhookEndpoint & { secret: string }
const id = uniq()

const tokenOf = (person: Persona) => app.api.tokenOf(person)
const pass = async (now?: () => Date) => {
  await dispatchEvents({ payload: app.payload, subscribers: eventSubscribers, now })
  return sendDueWebhooks({ payload: app.payload, now })
}
const register = async (person: Persona, body: Record<string, unknown>) => app.api.post('/api/webhook-endpoints', { token: await tokenOf(person), body })
const deliveriesOf = async (endpointId: number): Promise<WebhookDelivery[]> =>
  (await app.payload.find({ collection: 'webhook-deliveries', where: { endpoint: { equals: endpointId } }, sort: 'id', pagination: false, overrideAccess: true })).docs
const enrollSomeone = async (school: School) => {
  const course = await createCourse(app.payload, school.tenant.id)
  const student = await createPerson(app.payload, { email: `wh-${uniq()}@${school.tenant.slug}.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })
  return app.payload.create({ collection: 'enrollments', data: { user: student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
}

beforeAll(async () => {
  receiver = await startWebhookReceiver()
  southReceiver = await startWebhookReceiver()
  // The receivers are on loopback, which deliveries reach only because the operator allows it.
  // A database of its own: the worker spawned below sends every due delivery and runs every
  // queued job it finds, and those of the files running beside this one are not its business.
  app = await bootApp({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1/32', WEBHOOK_TIMEOUT_MS: '5000', LOG_LEVEL: 'error' }, { ownDatabase: true })
  north = await createSchool(app.payload, `wh-n-${id}`)
  south = await createSchool(app.payload, `wh-s-${id}`)
})

afterAll(async () => {
  await app.close()
  await receiver.close()
  await southReceiver.close()
})

describe('registering an endpoint', () => {
  it('should let a school admin register one, show its secret once, and refuse everyone else', async () => {
    const created = await register(north.admin, { url: receiver.url, events: ['enrollment.activated', 'enrollment.cancelled'], tenant: north.tenant.id })
    expect(created.status, await created.clone().text()).toBe(201)
    endpoint = ((await created.json()) as { doc: WebhookEndpoint & { secret: string } }).doc
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    receiver.trust([endpoint.secret])
    const read = await app.api.get(`/api/webhook-endpoints/${endpoint.id}`, { token: await tokenOf(north.admin) })
    const stored = (await read.json()) as Record<string, unknown>
    expect(stored).not.toHaveProperty('secret')
    expect(stored).not.toHaveProperty('previousSecret')
    expect(stored.secretHint).toBe(`…${endpoint.secret.slice(-4)}`)
    expect((await register(north.instructor, { url: receiver.url, events: ['enrollment.activated'], tenant: north.tenant.id })).status).toBe(403)
    expect((await register(north.student, { url: receiver.url, events: ['enrollment.activated'], tenant: north.tenant.id })).status).toBe(403)
    expect((await app.api.get(`/api/webhook-endpoints/${endpoint.id}`, { token: await tokenOf(south.admin) })).status).toBe(404)
    expect((await app.api.get(`/api/webhook-endpoints/${endpoint.id}`, { token: await tokenOf(north.instructor) })).status).toBe(403)

    const south1 = await register(south.admin, { url: southReceiver.url, events: ['enrollment.activated'], tenant: south.tenant.id })
    expect(south1.status).toBe(201)
    southReceiver.trust([((await south1.json()) as { doc: { secret: string } }).doc.secret])
  })

  it('should refuse URLs that lead to private, metadata or non-HTTP destinations, naming the field', async () => {
    for (const url of ['http://10.1.2.3/hook', 'http://169.254.169.254/latest/meta-data', 'http://localhost:8080/x', 'ftp://example.com/x', 'http://user:pw@127.0.0.1/x', 'not a url']) {
      const refused = await register(north.admin, { url, events: ['enrollment.activated'], tenant: north.tenant.id })
      expect([url, refused.status].join(' ')).toBe(`${url} 400`)
      const body = (await refused.json()) as { errors: { data?: { errors: { path: string; message: string }[] } }[] }
      expect(body.errors[0]!.data!.errors[0]!.path).toBe('url')
      expect(body.errors[0]!.data!.errors[0]!.message.length).toBeGreaterThan(10)
    }
    // Moving an endpoint to a refused URL is refused the same way.
    const moved = await app.api.patch(`/api/webhook-endpoints/${endpoint.id}`, { token: await tokenOf(north.admin), body: { url: 'http://192.168.0.10/' } })
    expect(moved.status).toBe(400)
  })
})

describe('deliveries', () => {
  it('should deliver a school\'s events, signed as Standard Webhooks, only to its own endpoints and only the types asked for', async () => {
    const before = receiver.messages.length
    const southBefore = southReceiver.messages.length
    const enrollment = await enrollSomeone(north)
    await app.payload.update({ collection: 'enrollments', id: enrollment.id, data: { progress: 10 }, overrideAccess: true })
    await app.payload.create({ collection: 'courses', data: { title: 'Not subscribed', slug: `ns-${uniq()}`, language: 'en', enrollmentPolicy: 'open', tenant: north.tenant.id, _status: 'published' }, overrideAccess: true })
    const sent = await pass()
    expect(sent.succeeded).toBeGreaterThanOrEqual(1)
    const ours = receiver.messages.slice(before)
    expect(ours).toHaveLength(1)
    const [message] = ours
    expect(message!.verifiedWith).toEqual([endpoint.secret])
    const body = JSON.parse(message!.body) as { type: string; data: Record<string, unknown>; event: { id: number; school: number } }
    expect(body).toMatchObject({ type: 'enrollment.activated', data: { enrollment: enrollment.id, status: 'active' }, event: { school: north.tenant.id } })
    expect(message!.id).toBe(`msg_${body.event.id}_${endpoint.id}`)
    expect(southReceiver.messages.slice(southBefore)).toEqual([])
    const [delivery] = (await deliveriesOf(endpoint.id)).filter((d) => d.messageId === message!.id)
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1, lastStatus: 200 })
    expect(delivery!.attemptLog).toHaveLength(1)
    expect(delivery!.attemptLog![0]).toMatchObject({ status: 200, responseExcerpt: 'ok' })
    // A second pass sends nothing again.
    await pass()
    expect(receiver.messages.filter((m) => m.id === message!.id)).toHaveLength(1)
  })

  it('should retry a failed delivery with backoff and log every attempt', async () => {
    receiver.plan.push(503)
    const enrollment = await enrollSomeone(north)
    const start = Date.now()
    await pass(() => new Date(start))
    const [delivery] = (await deliveriesOf(endpoint.id)).filter((d) => (JSON.parse(d.body) as { data: { enrollment: number } }).data.enrollment === enrollment.id)
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 503 })
    expect(delivery!.attemptLog![0]).toMatchObject({ status: 503, responseExcerpt: 'receiver says 503' })
    const wait = new Date(delivery!.nextAttemptAt!).getTime() - start
    expect(wait).toBeGreaterThanOrEqual(4000)
    expect(wait).toBeLessThanOrEqual(6000)
    // Not before its time...
    await pass(() => new Date(start + 1000))
    expect(await app.payload.findByID({ collection: 'webhook-deliveries', id: delivery!.id, overrideAccess: true })).toMatchObject({ status: 'pending', attempts: 1 })
    // ...and then it arrives, with the same message id.
    await pass(() => new Date(start + 7000))
    const done = await app.payload.findByID({ collection: 'webhook-deliveries', id: delivery!.id, overrideAccess: true })
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, lastStatus: 200 })
    expect(done.attemptLog!.map((a) => a.status)).toEqual([503, 200])
    expect(receiver.messages.filter((m) => m.id === delivery!.messageId).map((m) => m.verifiedWith)).toEqual([[endpoint.secret], [endpoint.secret]])
  })

  it('should replay a delivery from the admin panel\'s endpoint, with the same id, for the school\'s admins only', async () => {
    const [delivery] = (await deliveriesOf(endpoint.id)).filter((d) => d.status === 'succeeded')
    expect((await app.api.post(`/api/webhook-deliveries/${delivery!.id}/replay`, { token: await tokenOf(south.admin) })).status).toBe(404)
    expect((await app.api.post(`/api/webhook-deliveries/${delivery!.id}/replay`, { token: await tokenOf(north.instructor) })).status).toBe(403)
    expect((await app.api.post(`/api/webhook-deliveries/${delivery!.id}/replay`)).status).toBe(401)
    const arriving = receiver.next()
    const replayed = await app.api.post(`/api/webhook-deliveries/${delivery!.id}/replay`, { token: await tokenOf(north.admin) })
    expect(replayed.status).toBe(200)
    expect(((await replayed.json()) as { attempt: { ok: boolean; status: number } }).attempt).toMatchObject({ ok: true, status: 200 })
    const message = await arriving
    expect(message.id).toBe(delivery!.messageId)
    expect(message.verifiedWith).toEqual([endpoint.secret])
  })

  it('should send a test event on request', async () => {
    const arriving = receiver.next()
    const tested = await app.api.post(`/api/webhook-endpoints/${endpoint.id}/test`, { token: await tokenOf(north.admin) })
    expect(tested.status).toBe(200)
    const message = await arriving
    expect(JSON.parse(message.body)).toMatchObject({ type: 'webhook.test', data: { endpoint: endpoint.id } })
    expect(message.verifiedWith).toEqual([endpoint.secret])
    expect((await app.api.post(`/api/webhook-endpoints/${endpoint.id}/test`, { token: await tokenOf(south.admin) })).status).toBe(404)
    expect((await app.api.post(`/api/webhook-endpoints/${endpoint.id}/test`, { token: await tokenOf(north.instructor) })).status).toBe(403)
  })

  it('should sign with both secrets while a rotation overlaps, so either one verifies', async () => {
    expect((await app.api.post(`/api/webhook-endpoints/${endpoint.id}/rotate-secret`, { token: await tokenOf(south.admin) })).status).toBe(404)
    expect((await app.api.post(`/api/webhook-endpoints/${endpoint.id}/rotate-secret`, { token: await tokenOf(north.instructor) })).status).toBe(403)
    const rotated = await app.api.post(`/api/webhook-endpoints/${endpoint.id}/rotate-secret`, { token: await tokenOf(north.admin) })
    expect(rotated.status).toBe(200)
    const { secret } = (await rotated.json()) as { secret: string }
    expect(secret).not.toBe(endpoint.secret)
    receiver.trust([endpoint.secret, secret])
    const before = receiver.messages.length
    await enrollSomeone(north)
    await pass()
    const [message] = receiver.messages.slice(before)
    expect(message!.signature.split(' ')).toHaveLength(2)
    expect(message!.verifiedWith).toEqual([endpoint.secret, secret])
    // Once the overlap is over (a day), only the new secret signs.
    await app.payload.db.updateOne({ collection: 'webhook-endpoints', id: endpoint.id, data: { previousSecretExpiresAt: new Date(Date.now() - 1000).toISOString() } })
    await enrollSomeone(north)
    await pass()
    const later = receiver.messages.at(-1)!
    expect(later.signature.split(' ')).toHaveLength(1)
    expect(later.verifiedWith).toEqual([secret])
    endpoint = { ...endpoint, secret }
    receiver.trust([secret])
  })

  it('should turn an endpoint off after its last failed attempt, tell the school\'s admins, and resume when it is on again', async () => {
    const enrollment = await enrollSomeone(north)
    await dispatchEvents({ payload: app.payload, subscribers: eventSubscribers })
    const [delivery] = (await deliveriesOf(endpoint.id)).filter((d) => d.status === 'pending' && (JSON.parse(d.body) as { data: { enrollment: number } }).data.enrollment === enrollment.id)
    // As if it had failed every attempt but the last over three days.
    await app.payload.db.updateOne({ collection: 'webhook-deliveries', id: delivery!.id, data: { attempts: MAX_ATTEMPTS - 1 } })
    receiver.plan.push(500)
    const told = app.mailbox.waitFor((mail) => mail.to.includes(north.admin.email) && /turned off/.test(mail.subject))
    await sendDueWebhooks({ payload: app.payload })
    expect(await app.payload.findByID({ collection: 'webhook-deliveries', id: delivery!.id, overrideAccess: true })).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS })
    const off = await app.payload.findByID({ collection: 'webhook-endpoints', id: endpoint.id, overrideAccess: true })
    expect(off.active).toBe(false)
    expect(off.disabledReason).toMatch(/failed 10 times/)
    expect((await told).text).toContain(receiver.url)
    // While off, events make no deliveries for it.
    const quiet = await enrollSomeone(north)
    await pass()
    expect((await deliveriesOf(endpoint.id)).some((d) => (JSON.parse(d.body) as { data: { enrollment: number } }).data.enrollment === quiet.id)).toBe(false)
    const on = await app.api.patch(`/api/webhook-endpoints/${endpoint.id}`, { token: await tokenOf(north.admin), body: { active: true } })
    expect(on.status).toBe(200)
    expect(((await on.json()) as { doc: WebhookEndpoint }).doc.disabledReason).toBeNull()
    // The failed delivery goes out again on replay.
    const replayed = await app.api.post(`/api/webhook-deliveries/${delivery!.id}/replay`, { token: await tokenOf(north.admin) })
    expect(((await replayed.json()) as { attempt: { ok: boolean } }).attempt.ok).toBe(true)
  })
})

describe('stopping', () => {
  it('should finish and record the batch in hand when asked to stop, and claim no more', async () => {
    const enrollments = [await enrollSomeone(north), await enrollSomeone(north), await enrollSomeone(north)]
    await dispatchEvents({ payload: app.payload, subscribers: eventSubscribers })
    const ours = (await deliveriesOf(endpoint.id)).filter((d) => enrollments.some((e) => (JSON.parse(d.body) as { data: { enrollment: number } }).data.enrollment === e.id))
    expect(ours).toHaveLength(3)
    // Earlier deliveries share this database: ours are made the longest due, so they come first.
    const dueAt = new Date('2001-01-01T00:00:00.000Z')
    for (const delivery of ours) {
      await app.payload.db.updateOne({ collection: 'webhook-deliveries', id: delivery.id, data: { nextAttemptAt: dueAt.toISOString() } })
    }
    receiver.plan.push(400)
    const stopping = new AbortController()
    const first = receiver.next().then((message) => {
      stopping.abort()
      return message
    })
    const sent = await sendDueWebhooks({ payload: app.payload, batch: 1, concurrency: 1, signal: stopping.signal })
    expect(sent).toEqual({ attempted: 1, succeeded: 0 })
    const after = await Promise.all(ours.map((d) => app.payload.findByID({ collection: 'webhook-deliveries', id: d.id, overrideAccess: true })))
    const message = await first
    const tried = after.find((d) => d.messageId === message.id)!
    // The attempt in hand is recorded with what the receiver said...
    expect(tried).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 400 })
    expect(tried.attemptLog!.at(-1)).toMatchObject({ status: 400, responseExcerpt: 'receiver says 400' })
    // ...and the others were not claimed: still due when the next worker looks.
    expect(after.filter((d) => d.id !== tried.id).map((d) => [d.attempts, d.nextAttemptAt])).toEqual([
      [0, dueAt.toISOString()],
      [0, dueAt.toISOString()],
    ])
    // The next pass sends them.
    await sendDueWebhooks({ payload: app.payload })
    for (const delivery of ours.filter((d) => d.id !== tried.id)) {
      expect(receiver.messages.filter((m) => m.id === delivery.messageId)).toHaveLength(1)
    }
  })
})

describe('a worker killed mid-delivery', () => {
  let worker: ChildProcess | undefined

  afterAll(() => {
    worker?.kill('SIGKILL')
  })

  it('should leave the delivery to be sent again once its lease runs out, with the same id, and lose nothing', async () => {
    const enrollment = await enrollSomeone(north)
    await dispatchEvents({ payload: app.payload, subscribers: eventSubscribers })
    const [delivery] = (await deliveriesOf(endpoint.id)).filter((d) => (JSON.parse(d.body) as { data: { enrollment: number } }).data.enrollment === enrollment.id)
    receiver.plan.push('hold')
    const arriving = receiver.next()
    // The worker runs in this node process's child directly (not under tsx's own launcher), so SIGKILL kills it.
    worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/jobs-worker.ts'], {
      env: { ...process.env, ...TEST_ENV, DATABASE_URI: process.env.DATABASE_URI, LOG_LEVEL: 'info', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1/32', WEBHOOK_TIMEOUT_MS: '5000', EVENTS_INTERVAL_MS: '200', JOBS_INTERVAL_SECONDS: '3600' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    worker.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    worker.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = once(worker, 'exit').then(([code]) => {
      throw new Error(`the worker exited (${String(code)}) before delivering: ${output.slice(-2000)}`)
    })
    let deadline: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      deadline = setTimeout(() => reject(new Error(`nothing arrived from the worker in 90 s: ${output.slice(-4000)}`)), 90_000)
    })
    const first = await Promise.race([arriving, exited, late]).finally(() => clearTimeout(deadline))
    const arrivedAt = Date.now()
    expect(first.id).toBe(delivery!.messageId)
    exited.catch(() => undefined)
    worker.kill('SIGKILL')
    await once(worker, 'exit').catch(() => undefined)
    // The dead worker's claim holds the delivery until its lease runs out: long enough for the
    // whole batch it claimed (64 deliveries, 16 at a time, 5 s each at most) to be sent...
    await sendDueWebhooks({ payload: app.payload })
    expect(receiver.messages.filter((m) => m.id === delivery!.messageId)).toHaveLength(1)
    const claimed = await app.payload.findByID({ collection: 'webhook-deliveries', id: delivery!.id, overrideAccess: true })
    expect(claimed).toMatchObject({ status: 'pending', attempts: 0 })
    expect(new Date(claimed.nextAttemptAt!).getTime() - arrivedAt).toBeGreaterThan(4 * 5_000 + 30_000 - 10_000)
    // ...then another worker sends it, and the receiver sees the same message id again.
    await sendDueWebhooks({ payload: app.payload, now: () => new Date(Date.now() + 5 * 60_000) })
    const again = receiver.messages.filter((m) => m.id === delivery!.messageId)
    expect(again).toHaveLength(2)
    expect(again[1]!.verifiedWith).toEqual([endpoint.secret])
    expect(await app.payload.findByID({ collection: 'webhook-deliveries', id: delivery!.id, overrideAccess: true })).toMatchObject({ status: 'succeeded', attempts: 1 })
  }, 120_000)
})
