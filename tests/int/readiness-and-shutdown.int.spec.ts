import http from 'node:http'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { drainServer } from '@/server/drain'

import { bootApp, type TestApp } from '../helpers/boot'
import { startTcpRelay, type TcpRelay } from '../helpers/tcpRelay'
import { TEST_ENV } from '../helpers/testEnv'

type ReadyBody = { status: string; database: string; redis: string; migrations: string; shuttingDown: boolean }


let app: TestApp
let relay: TcpRelay

beforeAll(async () => {
  relay = await startTcpRelay(new URL(TEST_ENV.REDIS_URL), 6379)
  // A database of its own: one test takes a migration's record away.
  app = await bootApp({ REDIS_URL: relay.url }, { ownDatabase: true })
})

afterAll(async () => {
  await app?.close()
  await relay?.close()
})

const ready = async () => {
  const response = await app.api.get('/api/health/ready')
  return { status: response.status, body: (await response.json()) as ReadyBody, cache: response.headers.get('cache-control') }
}

describe('liveness and readiness', () => {
  it('should be live and ready with the database, Redis and every migration in place', async () => {
    const live = await app.api.get('/api/health/live')
    expect(live.status).toBe(200)
    expect(await ready()).toMatchObject({ status: 200, cache: 'no-store', body: { status: 'ok', database: 'up', redis: 'up', migrations: 'applied', shuttingDown: false } })
  })

  it('should not be ready while a committed migration has not run', async () => {
    const { sql } = await import('@payloadcms/db-postgres')
    const db = app.payload.db.drizzle
    const { rows } = await db.execute(sql`delete from payload_migrations where id = (select max(id) from payload_migrations where name <> 'dev') returning name, batch`)
    try {
      const answer = await ready()
      expect(answer.status).toBe(503)
      expect(answer.body).toMatchObject({ status: 'unavailable', database: 'up', migrations: `1 pending: ${String(rows[0]!.name)}` })
    } finally {
      await db.execute(sql`insert into payload_migrations (name, batch) values (${rows[0]!.name}, ${rows[0]!.batch})`)
    }
    expect((await ready()).status).toBe(200)
  })

  it('should not be ready while Redis does not answer, and be ready again once it does', async () => {
    relay.cut()
    try {
      const answer = await ready()
      expect(answer.status).toBe(503)
      expect(answer.body).toMatchObject({ redis: 'down', database: 'up' })
      // Still alive: a restart would not bring Redis back.
      expect((await app.api.get('/api/health/live')).status).toBe(200)
    } finally {
      relay.restore()
    }
    await expect.poll(async () => (await ready()).status, { timeout: 15_000, interval: 200 }).toBe(200)
  })

  it('should not be ready once the process is shutting down', async () => {
    const { markShuttingDown } = await import('@/shared/lifecycle')
    markShuttingDown()
    expect(await ready()).toMatchObject({ status: 503, body: { shuttingDown: true, database: 'up' } })
  })
})

describe('draining the HTTP server', () => {
  /** A server whose `/slow` answers only when released, and a raw client for it. */
  const slowServer = async () => {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let arrived!: () => void
    const slowArrived = new Promise<void>((resolve) => (arrived = resolve))
    const server = http.createServer((req, res) => {
      if (req.url === '/slow') {
        arrived()
        void released.then(() => res.end('finished'))
      } else {
        res.end('quick')
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    const agent = new http.Agent({ keepAlive: true })
    const get = (path: string, through: http.Agent | false = agent) =>
      new Promise<{ status: number; body: string; socket: net.Socket }>((resolve, reject) => {
        const request = http.get({ host: '127.0.0.1', port, path, agent: through }, (response) => {
          let body = ''
          response.on('data', (chunk: Buffer) => (body += chunk.toString()))
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body, socket: request.socket! }))
        })
        request.on('error', reject)
      })
    return { server, port, get, slowArrived, release, agent }
  }

  it('should answer the requests in flight, close idle connections and refuse new ones', async () => {
    const { server, port, get, slowArrived, release, agent } = await slowServer()
    const idle = await get('/quick')
    const idleClosed = new Promise<void>((resolve) => idle.socket.once('close', () => resolve()))
    // On a connection of its own: the agent would send it over the idle one.
    const slow = get('/slow', false)
    await slowArrived
    const drained = drainServer(server, 10_000)
    await idleClosed
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      socket.on('connect', () => resolve('connected'))
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
    })
    expect(refused).toBe('ECONNREFUSED')
    release()
    expect(await slow).toMatchObject({ status: 200, body: 'finished' })
    expect(await drained).toEqual({ cut: false })
    agent.destroy()
  })

  it('should cut what is still open once the grace period is over', async () => {
    const { server, get, slowArrived, agent } = await slowServer()
    const slow = get('/slow').then(
      () => 'answered',
      (error: NodeJS.ErrnoException) => error.code,
    )
    await slowArrived
    expect(await drainServer(server, 300)).toEqual({ cut: true })
    expect(await slow).toBe('ECONNRESET')
    agent.destroy()
  })
})
