import type http from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse, lessonIds } from '../helpers/courses'
import { serveThroughOurServer } from '../helpers/ourServer'
import { createSchool, type School, uniq } from '../helpers/personas'
import type { AdmissionLimits } from '@/http/admission'

const open: http.Server[] = []

const close = (server: http.Server) =>
  new Promise((resolve) => {
    server.close(resolve)
    server.closeAllConnections()
  })

afterEach(async () => {
  await Promise.all(open.splice(0).map(close))
})

type Held = { url: string; answer: () => void }

/**
 * Our HTTP server around a handler that plays Next: each request waits until the test answers
 * it, so the test decides how many are in flight. Health probes are answered at once.
 */
const serverHolding = async (admission: AdmissionLimits) => {
  const { createAppServer } = await import('@/server/startServer')
  const held: Held[] = []
  const started: string[] = []
  const server = createAppServer({
    dev: false,
    admission,
    handle: (req, res) =>
      new Promise<void>((resolve) => {
        const url = req.url ?? '/'
        started.push(url)
        const answer = () => {
          res.end(JSON.stringify({ url }))
          resolve()
        }
        if (url.startsWith('/api/health/')) {
          answer()
        } else {
          held.push({ url, answer })
        }
      }),
  })
  open.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const answer = (url: string) => {
    const index = held.findIndex((h) => h.url === url)
    expect(index, `${url} is held`).toBeGreaterThanOrEqual(0)
    held.splice(index, 1)[0]!.answer()
  }
  return { origin, started, answer }
}

/** The admission gauge as Prometheus reads it. */
const gauge = async (): Promise<{ running: number; queued: number }> => {
  const { metrics } = await import('@/services/metrics/registry')
  const { values } = await metrics().admission.get()
  const of = (state: string) => values.find((v) => v.labels.state === state)?.value ?? -1
  return { running: of('running'), queued: of('queued') }
}

const busyRefusals = async (reason: string): Promise<number> => {
  const { metrics } = await import('@/services/metrics/registry')
  const { values } = await metrics().busyRefusals.get()
  return values.find((v) => v.labels.reason === reason)?.value ?? 0
}

describe('admission control', () => {
  it('should run at most the limit, queue the next in arrival order and refuse the rest at once with 503 and Retry-After', async () => {
    const { origin, started, answer } = await serverHolding({ maxInFlight: 2, maxQueued: 2, queueTimeoutMs: 60_000 })
    const first = fetch(`${origin}/api/a`)
    const second = fetch(`${origin}/api/b`)
    await vi.waitFor(() => expect(started).toEqual(['/api/a', '/api/b']), { timeout: 10_000, interval: 20 })
    const third = fetch(`${origin}/api/c`)
    const fourth = fetch(`${origin}/api/d`)
    await vi.waitFor(async () => expect(await gauge()).toEqual({ running: 2, queued: 2 }), { timeout: 10_000, interval: 20 })

    const refusedBefore = await busyRefusals('queue-full')
    const refused = await fetch(`${origin}/api/e`)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('5')
    expect(await refused.json()).toEqual({ errors: [{ name: 'APIError', message: 'The server is too busy to take this request; try again in 5 seconds.' }] })
    expect(await busyRefusals('queue-full')).toBe(refusedBefore + 1)
    // Probes never wait: a busy process is alive and must not be restarted for it.
    expect((await fetch(`${origin}/api/health/live`)).status).toBe(200)
    expect(started).not.toContain('/api/e')

    answer('/api/b')
    expect((await second).status).toBe(200)
    await vi.waitFor(() => expect(started).toEqual(['/api/a', '/api/b', '/api/health/live', '/api/c']), { timeout: 10_000, interval: 20 })
    answer('/api/a')
    await vi.waitFor(() => expect(started.at(-1)).toBe('/api/d'), { timeout: 10_000, interval: 20 })
    answer('/api/c')
    answer('/api/d')
    expect((await Promise.all([first, third, fourth])).map((r) => r.status)).toEqual([200, 200, 200])
    await vi.waitFor(async () => expect(await gauge()).toEqual({ running: 0, queued: 0 }), { timeout: 10_000, interval: 20 })
  })

  it('should refuse a request that waited its turn past the queue timeout, without running it', async () => {
    const { origin, started, answer } = await serverHolding({ maxInFlight: 1, maxQueued: 5, queueTimeoutMs: 300 })
    const first = fetch(`${origin}/api/slow`)
    await vi.waitFor(() => expect(started).toEqual(['/api/slow']), { timeout: 10_000, interval: 20 })
    const refused = await fetch(`${origin}/api/late`)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('5')
    expect((await refused.json()).errors[0].message).toBe('The server was too busy to answer this request in time; try again in 5 seconds.')
    answer('/api/slow')
    expect((await first).status).toBe(200)
    expect(started).toEqual(['/api/slow'])
  })

  it('should give a waiting client that leaves no turn, and its place to the next', async () => {
    const { origin, started, answer } = await serverHolding({ maxInFlight: 1, maxQueued: 1, queueTimeoutMs: 60_000 })
    const first = fetch(`${origin}/api/first`)
    await vi.waitFor(() => expect(started).toEqual(['/api/first']), { timeout: 10_000, interval: 20 })
    const leaving = new AbortController()
    const gone = fetch(`${origin}/api/gone`, { signal: leaving.signal }).catch((error: Error) => error.name)
    await vi.waitFor(async () => expect((await gauge()).queued).toBe(1), { timeout: 10_000, interval: 20 })
    leaving.abort()
    expect(await gone).toBe('AbortError')
    await vi.waitFor(async () => expect((await gauge()).queued).toBe(0), { timeout: 10_000, interval: 20 })
    // The queue's one place is free again: this one waits instead of being refused.
    const next = fetch(`${origin}/api/next`)
    await vi.waitFor(async () => expect((await gauge()).queued).toBe(1), { timeout: 10_000, interval: 20 })
    answer('/api/first')
    await vi.waitFor(() => expect(started).toEqual(['/api/first', '/api/next']), { timeout: 10_000, interval: 20 })
    answer('/api/next')
    expect((await first).status).toBe(200)
    expect((await next).status).toBe(200)
  })
})

describe('a database that cannot be reached in time', () => {
  let app: TestApp
  let school: School
  let server: http.Server
  let origin: string

  beforeAll(async () => {
    app = await bootApp()
    school = await createSchool(app.payload, `ovl-${uniq()}`)
    ;({ server, origin } = await serveThroughOurServer(app, ['authorization', 'x-tenant']))
  })

  afterAll(async () => {
    await close(server)
    await app.close()
  })

  it("should answer 503 with Retry-After, not a student's answer made as if no one were signed in, and serve them again once it can", async () => {
    const course = await createCourse(app.payload, school.tenant.id)
    const headers = { authorization: `JWT ${await app.api.tokenOf(school.student)}`, 'x-tenant': school.tenant.slug }
    expect((await fetch(`${origin}/api/courses/${course.id}/enroll`, { method: 'POST', headers })).status).toBe(201)
    const lesson = lessonIds(course)[0]!
    const read = async () => fetch(`${origin}/api/courses/${course.id}`, { headers })
    const served = await read()
    expect(served.status).toBe(200)
    expect(JSON.stringify(await served.json())).toContain('Content of')

    // Every connection of the process's pool is taken, as by transactions of a saturated process.
    const { postgresAdapter } = await import('@/services/database/adapter')
    const pool = postgresAdapter(app.payload).pool!
    const timeout = pool.options.connectionTimeoutMillis
    pool.options.connectionTimeoutMillis = 200
    const taken: { release: () => void }[] = []
    // Whatever the app holds itself (a listener, a job), the rest is taken until the pool has none to give.
    for (;;) {
      const client = await pool.connect().catch(() => undefined)
      if (!client) {
        break
      }
      taken.push(client)
    }
    expect(taken.length).toBeGreaterThan(0)
    try {
      // Readiness says which check failed: its own 503 is kept.
      const ready = await fetch(`${origin}/api/health/ready`)
      expect(ready.status).toBe(503)
      expect(await ready.json()).toMatchObject({ status: 'unavailable', database: 'down' })
      for (const response of [await read(), await fetch(`${origin}/api/courses/${course.id}/lessons/${lesson}/complete`, { method: 'POST', headers })]) {
        expect(response.status).toBe(503)
        expect(response.headers.get('retry-after')).toBe('5')
        expect(await response.json()).toEqual({
          errors: [{ name: 'APIError', message: 'The server could not reach its database in time; try again in 5 seconds.' }],
        })
      }
    } finally {
      taken.forEach((client) => client.release())
      pool.options.connectionTimeoutMillis = timeout
    }
    const again = await read()
    expect(again.status).toBe(200)
    expect(JSON.stringify(await again.json())).toContain('Content of')
    const completed = await fetch(`${origin}/api/courses/${course.id}/lessons/${lesson}/complete`, { method: 'POST', headers })
    expect(completed.status).toBe(200)
  })
})
