import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

import { expect, test } from '@playwright/test'

import { EICAR } from '@/services/scanner/localClamd'

import { PNG_1X1 } from '../fixtures/files'

const PORT = 3117
const METRICS_PORT = 3118
const DATA_DIR = path.resolve('.data/test/demo')
const origin = `http://localhost:${PORT}`

/** When each port first took a connection (ms since the demo was started), while starting. */
type Listening = { app?: number; metrics?: number }

type Demo = { child: ChildProcess; output: () => string; listening: Listening }

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

/** Tries both ports every few milliseconds until each has taken a connection or `done` says stop. */
const watchPorts = async (started: number, done: () => boolean): Promise<Listening> => {
  const seen: Listening = {}
  while ((seen.app === undefined || seen.metrics === undefined) && !done()) {
    const [app, metrics] = await Promise.all([accepts(PORT), accepts(METRICS_PORT)])
    const at = Date.now() - started
    seen.app ??= app ? at : undefined
    seen.metrics ??= metrics ? at : undefined
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return seen
}

/** Runs `npm run demo` as a person would, on its own data folder and ports. */
const startDemo = async (): Promise<Demo> => {
  let output = ''
  // A person's shell: none of the test run's settings, only the demo's own (and a metrics port).
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(PORT), METRICS_PORT: String(METRICS_PORT), AQOON_DATA_DIR: DATA_DIR, EMBEDDED_PG_PORT: '54389' }
  for (const key of ['DATABASE_URI', 'PAYLOAD_SECRET', 'SERVER_URL', 'BASE_DOMAIN', 'SMTP_HOST', 'REDIS_URL', 'NODE_ENV', 'METRICS_TOKEN']) {
    delete env[key]
  }
  const started = Date.now()
  const child = spawn('npm', ['run', 'demo'], { detached: true, env })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const ports = watchPorts(started, () => child.exitCode !== null || child.signalCode !== null)
  await expect.poll(() => output, { timeout: 240_000, intervals: [500] }).toContain(`Aqoon is running at ${origin}`)
  return { child, output: () => output, listening: await ports }
}

const stopDemo = async ({ child }: Demo): Promise<void> => {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  process.kill(-(child.pid ?? 0), 'SIGTERM')
  await exited
}

test.describe('npm run demo', () => {
  test.describe.configure({ timeout: 600_000 })

  test.beforeAll(() => {
    fs.rmSync(DATA_DIR, { recursive: true, force: true })
  })

  test('should start on the embedded database, print the accounts, and seed nothing twice', async ({ request }) => {
    const countPeople = async () => {
      const login = await request.post(`${origin}/api/users/login`, { data: { email: 'root@aqoon.test', password: 'Demo-pass-1' } })
      expect(login.status()).toBe(200)
      const { token } = (await login.json()) as { token: string }
      const users = await request.get(`${origin}/api/users?limit=1`, { headers: { Authorization: `JWT ${token}` } })
      return ((await users.json()) as { totalDocs: number }).totalDocs
    }

    const first = await startDemo()
    try {
      for (const email of ['root@aqoon.test', 'admin@north.test', 'instructor@south.test', 'student2@south.test']) {
        expect(first.output()).toContain(email)
      }
      expect(first.output()).toContain('Demo-pass-1')
      expect((await request.get(`${origin}/api/health`)).status()).toBe(200)
      // Metrics listen before the app does: once the app answers, a scrape finds them (a
      // Kubernetes probe and Prometheus go by the app's readiness).
      expect(first.listening.metrics).toBeDefined()
      expect(first.listening.app).toBeDefined()
      expect(first.listening.metrics!).toBeLessThan(first.listening.app!)
      expect((await request.get(`http://127.0.0.1:${METRICS_PORT}/metrics`)).status()).toBe(200)
      const north = await request.get(`${origin}/api/tenants/current`, { headers: { 'X-Tenant': 'north' } })
      expect(await north.json()).toMatchObject({ slug: 'north', registration: 'open' })
      expect(await countPeople()).toBe(9)

      // Uploads work out of the box: the demo found or started a scanner, and it scans.
      expect(first.output()).toMatch(/Uploads are scanned by/)
      const admin = await request.post(`${origin}/api/users/login`, { data: { email: 'admin@north.test', password: 'Demo-pass-1' } })
      const adminToken = ((await admin.json()) as { token: string }).token
      const northId = ((await north.json()) as { id: number }).id
      const upload = (name: string, buffer: Buffer, mimeType: string) =>
        request.post(`${origin}/api/media`, {
          headers: { Authorization: `JWT ${adminToken}` },
          multipart: { file: { name, mimeType, buffer }, _payload: JSON.stringify({ tenant: northId, alt: 'A demo upload' }) },
        })
      const logo = await upload('logo.png', PNG_1X1, 'image/png')
      expect(logo.status()).toBe(201)
      const infected = await upload('infected.png', Buffer.concat([PNG_1X1, EICAR]), 'image/png')
      expect(infected.status()).toBe(422)
      expect(JSON.stringify(await infected.json())).toMatch(/malware/)
    } finally {
      await stopDemo(first)
    }

    // Again, on the same data folder: the data survived and nothing was added twice.
    const second = await startDemo()
    try {
      expect(await countPeople()).toBe(9)
    } finally {
      await stopDemo(second)
    }
  })
})
