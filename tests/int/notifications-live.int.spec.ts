import type http from 'node:http'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Course } from '@/payload-types'

import { dispatchEvents } from '@/domain/events/dispatch'
import { notificationSubscriber } from '@/domain/notifications/subscriber'

import { type AppProcess, startAppProcess } from '../helpers/appProcess'
import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import { connectLive, type LiveClient, refusedWith } from '../helpers/liveClient'
import { serveThroughOurServer } from '../helpers/ourServer'
import { createSchool, type School, uniq } from '../helpers/personas'
import { TEST_ENV } from '../helpers/testEnv'

let app: TestApp
let ours: { server: http.Server; origin: string }
let other: AppProcess | undefined
let north: School
let south: School
let course: Course
const id = uniq()
const open: LiveClient[] = []

const tokenOf = (person: { email: string; password: string }) => app.api.tokenOf(person)
const dispatch = async () => expect((await dispatchEvents({ payload: app.payload, subscribers: [notificationSubscriber] })).failed).toBe(0)
const live = async (...args: Parameters<typeof connectLive>) => {
  const client = await connectLive(...args)
  open.push(client)
  return client
}

/** Publishes a quiz in the course: its active students are told. */
const publishQuiz = (title: string) =>
  app.payload.create({ collection: 'quizzes', data: { course: course.id, title, questions: [{ type: 'true-false', prompt: 'Two halves make a whole.', points: 1, statementIsTrue: true }], _status: 'published' } as never, overrideAccess: true })

beforeAll(async () => {
  app = await bootApp({}, { ownDatabase: true })
  ours = await serveThroughOurServer(app, ['authorization', 'x-tenant', 'cookie'])
  north = await createSchool(app.payload, `live-n-${id}`)
  south = await createSchool(app.payload, `live-s-${id}`)
  course = await createCourse(app.payload, north.tenant.id, { title: 'Fractions', instructors: [north.instructor.id] })
  for (const student of [north.student, north.otherStudent]) {
    await app.payload.create({ collection: 'enrollments', data: { course: course.id, user: student.id, status: 'active', source: 'staff' } as never, overrideAccess: true })
  }
  await dispatchEvents({ payload: app.payload, subscribers: [notificationSubscriber] })
}, 120_000)

afterAll(async () => {
  for (const client of open) {
    await client.close()
  }
  await other?.stop()
  ours?.server.close()
  await app?.close()
})

describe('live notifications', () => {
  it('should push new notifications and the unread count to the person’s own sockets, and catch a reconnecting client up', async () => {
    const token = await tokenOf(north.student)
    const student = await live(ours.origin, { school: north.tenant.slug, token })
    expect(await student.next((m) => m.type === 'hello')).toMatchObject({ school: north.tenant.slug, unread: 0 })
    // The same person's second device, by the session cookie, from the site itself.
    const tab = await live(ours.origin, { school: north.tenant.slug, cookie: `payload-token=${token}`, from: TEST_ENV.SERVER_URL })
    await tab.next((m) => m.type === 'hello')
    const classmate = await live(ours.origin, { school: north.tenant.slug, token: await tokenOf(north.otherStudent) })
    await classmate.next((m) => m.type === 'hello')

    await publishQuiz('Halves')
    await dispatch()
    const pushed = await student.next((m) => m.type === 'notification')
    expect(pushed).toMatchObject({ unread: 1, notification: { kind: 'quiz-published', title: 'New quiz: Halves', tenant: north.tenant.id } })
    expect(await tab.next((m) => m.type === 'notification')).toMatchObject({ notification: { id: pushed.notification!.id } })
    // The classmate hears of their own notification, never of the student's.
    const theirs = await classmate.next((m) => m.type === 'notification')
    expect(theirs.notification!.id).not.toBe(pushed.notification!.id)
    expect(classmate.messages.filter((m) => m.type === 'notification')).toHaveLength(1)

    // Read on one device: every device of the person hears the new count.
    expect((await app.api.post('/api/notifications/read', { token, body: { ids: [pushed.notification!.id] } })).status).toBe(200)
    expect(await tab.next((m) => m.type === 'unread')).toMatchObject({ unread: 0 })
    expect(classmate.messages.some((m) => m.type === 'unread')).toBe(false)

    // Gone while two more arrive: on reconnecting after the last it had, it gets both, in order.
    await student.close()
    await publishQuiz('Quarters')
    await publishQuiz('Thirds')
    await dispatch()
    const back = await live(ours.origin, { school: north.tenant.slug, token, after: pushed.notification!.id })
    expect(await back.next((m) => m.type === 'caught-up')).toMatchObject({ count: 2, truncated: false })
    expect(back.messages.filter((m) => m.catchUp).map((m) => m.notification!.title)).toEqual(['New quiz: Quarters', 'New quiz: Thirds'])
    expect(await back.next((m) => m.type === 'hello')).toMatchObject({ unread: 2 })
  })

  it('should refuse anyone but a signed-in member of the school, and a cookie sent from another site', async () => {
    const token = await tokenOf(north.student)
    expect(await refusedWith(connectLive(ours.origin, { school: north.tenant.slug }))).toBe(401)
    expect(await refusedWith(connectLive(ours.origin, { school: north.tenant.slug, token: 'not-a-token' }))).toBe(401)
    expect(await refusedWith(connectLive(ours.origin, { school: south.tenant.slug, token }))).toBe(403)
    expect(await refusedWith(connectLive(ours.origin, { school: 'no-such-school', token }))).toBe(400)
    expect(await refusedWith(connectLive(ours.origin, { school: north.tenant.slug, token: await tokenOf(south.admin) }))).toBe(403)
    // A page of another site opening a socket with the person's cookie: the cookie is not honoured.
    expect(await refusedWith(connectLive(ours.origin, { school: north.tenant.slug, cookie: `payload-token=${token}`, from: 'https://evil.example' }))).toBe(401)
    // An API key's identity has no notifications to hear.
    const key = await app.api.post('/api/api-keys', { token: await tokenOf(north.admin), body: { name: `live ${id}`, tenant: north.tenant.id } })
    const secret = ((await key.json()) as { doc: { key: string } }).doc.key
    const byKey = await new Promise<number>((resolve) => {
      void import('ws').then(({ default: WebSocket }) => {
        const socket = new WebSocket(`${ours.origin.replace('http', 'ws')}/api/notifications/live?school=${north.tenant.slug}`, { headers: { authorization: `Bearer ${secret}` } })
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        socket.once('open', () => {
          socket.close()
          resolve(101)
        })
      })
    })
    expect(byKey).toBe(401)
    expect(await refusedWith(connectLive(ours.origin, { school: north.tenant.slug, token, after: 99_999_999_999 }))).toBe(400)

    // The first test's sockets are closed: the count below is this test's.
    await Promise.all(open.splice(0).map((c) => c.close()))
    const { liveSocketCount } = await import('@/http/liveNotifications')
    await expect.poll(liveSocketCount, { timeout: 5_000 }).toBe(0)
    // A client that resets the connection while its handshake is checked takes nothing down.
    const net = await import('node:net')
    const { port } = new URL(ours.origin)
    for (let i = 0; i < 5; i++) {
      const raw = net.connect(Number(port), '127.0.0.1')
      await new Promise((resolve) => raw.once('connect', resolve))
      raw.write(`GET /api/notifications/live?school=${north.tenant.slug} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: JWT ${token}\r\n\r\n`)
      raw.resetAndDestroy()
    }
    const after = await live(ours.origin, { school: north.tenant.slug, token })
    await after.next((m) => m.type === 'hello')

    // One person holds a bounded number of sockets.
    const many: LiveClient[] = [after]
    while (many.length < 8) {
      many.push(await live(ours.origin, { school: north.tenant.slug, token }))
    }
    expect(await refusedWith(connectLive(ours.origin, { school: north.tenant.slug, token }))).toBe(429)
    await Promise.all(many.map((c) => c.close()))
  })

  it('should close a socket once its session ends', async () => {
    const token = await app.api.login(north.otherStudent.email, north.otherStudent.password)
    const client = await live(ours.origin, { school: north.tenant.slug, token })
    await client.next((m) => m.type === 'hello')
    const { checkLiveSockets } = await import('@/http/liveNotifications')
    await checkLiveSockets(app.payload)
    expect(client.socket.readyState).toBe(client.socket.OPEN)
    expect((await app.api.post('/api/users/logout', { token })).status).toBe(200)
    const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)))
    await checkLiveSockets(app.payload)
    expect(await closed).toBe(4401)
  })

  it('should deliver from one app instance to a client of another, through Redis', async () => {
    other = await startAppProcess({
      name: 'notifications-live',
      env: {
        ...process.env,
        NODE_ENV: 'production',
        ...TEST_ENV,
        DATABASE_URI: process.env.DATABASE_URI,
        // This instance dispatches nothing itself: what its client hears comes from the test's instance.
        EVENTS_INTERVAL_MS: '3600000',
        JOBS_INTERVAL_SECONDS: '3600',
        SMTP_HOST: '',
      },
    })
    const there = await live(other.origin, { school: north.tenant.slug, token: await tokenOf(north.otherStudent) })
    const before = (await there.next((m) => m.type === 'hello')).unread!
    await publishQuiz('Fifths')
    await dispatch()
    expect(await there.next((m) => m.type === 'notification' && m.notification?.title === 'New quiz: Fifths', 20_000)).toMatchObject({ unread: before + 1 })
  }, 14 * 60_000)
})
