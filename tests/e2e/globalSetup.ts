import type { FullConfig } from '@playwright/test'

import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

import { MIGRATION_DEADLINE_MS, runMigrations, runScript } from '@/server/runPayloadCli'

import { createTestDatabase } from '../helpers/testDatabase'
import { TEST_ENV } from '../helpers/testEnv'
import { type GeminiStandIn, startGeminiStandIn } from '../stand-ins/gemini'
import { type GoogleStandIn, startGoogleStandIn } from '../stand-ins/googleOidc'
import { type StripeStandIn, startStripeStandIn } from '../stand-ins/stripe'
import { startZoomStandIn, type ZoomStandIn, zoomTestAccount } from '../stand-ins/zoom'
import { METRICS, readFixtures, SERVER_LOG, STRIPE, TUTOR_STAND_IN, writeGoogleFixtures, writeRateLimitFixtures, writeZoomFixtures } from './fixtures'

/** Distinct from the integration tests' 54339, so both suites can run at once. */
const DATABASE_PORT = Number(process.env.E2E_PG_PORT ?? 54359)
const PREFERRED_PORT = 3107
/** The first `next build` on two cores takes a minute or two; leave room. */
const START_DEADLINE_MS = 8 * 60_000
const STOP_DEADLINE_MS = 15_000

const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '0.0.0.0', () => probe.close(() => resolve(true)))
  })

/** 3107 when it is free, otherwise any port the system hands out. */
const choosePort = async (): Promise<number> => {
  if (await portIsFree(PREFERRED_PORT)) {
    return PREFERRED_PORT
  }
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '0.0.0.0', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

const logTail = (): string => {
  if (!fs.existsSync(SERVER_LOG)) {
    return ''
  }
  return fs.readFileSync(SERVER_LOG, 'utf8').split('\n').slice(-40).join('\n')
}

const running = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null

const exited = (child: ChildProcess): Promise<void> =>
  !running(child)
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()))

/** Polls GET /api/health until it answers 200; fails early if the server exits. */
const waitUntilHealthy = async (baseUrl: string, child: ChildProcess): Promise<void> => {
  const deadline = Date.now() + START_DEADLINE_MS
  let stopped = false
  void exited(child).then(() => {
    stopped = true
  })
  let last = 'no answer yet'
  while (Date.now() < deadline) {
    if (stopped) {
      throw new Error(`the e2e server exited (code ${child.exitCode}) before it was healthy:\n${logTail()}`)
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) })
      if (response.status === 200) {
        return
      }
      last = `HTTP ${response.status}`
    } catch (error) {
      last = String(error)
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`the e2e server was not healthy within ${START_DEADLINE_MS / 1000} s (${last}):\n${logTail()}`)
}

/** Signals the server and whatever it started: it leads its own process group. */
const signalGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  if (child.pid === undefined) {
    return
  }
  try {
    process.kill(-child.pid, signal)
  } catch {
    // Already gone.
  }
}

/** SIGTERM (serve.ts closes the server), then SIGKILL if the group lingers. */
const stopServer = async (child: ChildProcess): Promise<void> => {
  if (!running(child)) {
    return
  }
  signalGroup(child, 'SIGTERM')
  await Promise.race([exited(child), new Promise((resolve) => setTimeout(resolve, STOP_DEADLINE_MS).unref())])
  // Whatever is left of the group (nothing, normally) goes now.
  signalGroup(child, 'SIGKILL')
  await exited(child)
}

/**
 * Google for the run: the OpenID provider stand-in on 127.0.0.1, another site than the
 * app's localhost, as Google is. Its one account has the verified address of south's
 * student (read from the seeded fixtures); the account goes back into the fixtures and
 * the client settings into the server's environment.
 */
const startGoogle = async (baseUrl: string): Promise<{ google: GoogleStandIn; env: Record<string, string> }> => {
  const { south } = readFixtures()
  const account = { sub: `google-e2e-${south.student.id}`, email: south.student.email, email_verified: true, name: south.student.name }
  const google = await startGoogleStandIn({ accounts: [account], redirectUri: `${baseUrl}/api/auth/google/callback` })
  writeGoogleFixtures({ issuer: google.issuer, student: { sub: account.sub, email: account.email } })
  return { google, env: { GOOGLE_ISSUER: google.issuer, GOOGLE_CLIENT_ID: google.clientId, GOOGLE_CLIENT_SECRET: google.clientSecret } }
}

/**
 * Stripe for the run: the stand-in the server's SDK is pointed at (STRIPE_API_BASE), whose
 * hosted checkout page the browser pays on. Its signed webhooks go to the server's own route,
 * answered before the page sends the buyer back, as Stripe's usually are.
 */
const startStripe = async (baseUrl: string): Promise<{ stripe: StripeStandIn; env: Record<string, string> }> => {
  const stripe = await startStripeStandIn({ secretKey: STRIPE.secretKey, webhookSecret: STRIPE.webhookSecret })
  stripe.setWebhookUrl(`${baseUrl}/api/webhooks/stripe`)
  return { stripe, env: { STRIPE_API_BASE: stripe.url, STRIPE_SECRET_KEY: STRIPE.secretKey, STRIPE_WEBHOOK_SECRET: STRIPE.webhookSecret } }
}

/** Zoom for the run: one account with one host, whose credentials a school's admins enter (the spec does). */
const startZoom = async (): Promise<{ zoom: ZoomStandIn; env: Record<string, string> }> => {
  const account = zoomTestAccount({ hosts: 1 })
  const zoom = await startZoomStandIn({ accounts: [account] })
  writeZoomFixtures({ accountId: account.accountId, clientId: account.clientId, clientSecret: account.clientSecret, webhookSecret: account.webhookSecret, hostEmail: account.users[1]!.email })
  return { zoom, env: { ZOOM_API_BASE: zoom.apiBase, ZOOM_OAUTH_BASE: zoom.baseUrl } }
}

const ARABIC = /\p{Script=Arabic}/u

/**
 * Gemini for the run: a tutor question in Arabic is answered in Arabic, citing the first lesson
 * found, a moment late as a model is, so the page's state while it waits can be seen. Anything
 * else gets the stand-in's default answer.
 */
const startGemini = async (): Promise<{ gemini: GeminiStandIn; env: Record<string, string> }> => {
  const gemini = await startGeminiStandIn({
    responder: async (call) => {
      if (!call.stream || !ARABIC.test(call.lastUserText)) {
        return undefined
      }
      await new Promise((resolve) => setTimeout(resolve, TUTOR_STAND_IN.delayMs))
      return TUTOR_STAND_IN.arabicAnswer
    },
  })
  return { gemini, env: { GEMINI_API_KEY: gemini.apiKey, GEMINI_API_BASE: gemini.baseUrl } }
}

/**
 * A second server on the same database for the rate-limit spec, as it runs behind one load
 * balancer: TRUST_PROXY_HOPS=1 and a limit small enough to reach. Its counters live in a
 * Redis database of their own, so the first server's many requests from 127.0.0.1 never
 * count here (nor this one's there). No jobs worker: the first server runs the jobs. It is also
 * the second web instance of the run, on the same database and Redis server.
 */
const startRateLimitedServer = async (databaseUri: string): Promise<ChildProcess> => {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '0.0.0.0', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
  const baseUrl = `http://localhost:${port}`
  const limits = { max: 3, windowSeconds: 60, trustProxyHops: 1 }
  const redis = new URL(TEST_ENV.REDIS_URL)
  redis.pathname = '/1'
  const logFile = path.resolve('.data/test/e2e-rate-limited-server.log')
  const log = fs.openSync(logFile, 'w')
  const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/serve.ts'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      DATABASE_URI: databaseUri,
      PORT: String(port),
      SERVER_URL: baseUrl,
      LOG_LEVEL: 'error',
      JOBS_WORKER: 'false',
      REDIS_URL: redis.toString(),
      TRUST_PROXY_HOPS: String(limits.trustProxyHops),
      RATE_LIMIT_AUTH_MAX: String(limits.max),
      RATE_LIMIT_AUTH_WINDOW_SECONDS: String(limits.windowSeconds),
      // Tenant lookups kept for an hour: a change made through the first server reaches this
      // one only by the Redis announcement (tests/e2e/instances.e2e.spec.ts), never by expiry.
      TENANT_CACHE_SECONDS: '3600',
    },
  })
  fs.closeSync(log)
  process.once('exit', () => {
    if (running(child)) {
      signalGroup(child, 'SIGKILL')
    }
  })
  try {
    await waitUntilHealthy(baseUrl, child)
  } catch (error) {
    await stopServer(child)
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n')
    throw new Error(`the rate-limited e2e server did not start: ${String(error)}\n${tail}`)
  }
  writeRateLimitFixtures({ baseUrl, ...limits })
  console.log(`[e2e] rate-limited app healthy on ${baseUrl}`)
  return child
}

/**
 * One empty database, migrated and seeded with two schools, and the app served
 * from a production build as `npm start` serves it. Returns the teardown.
 */
export default async function globalSetup(_config: FullConfig) {
  const port = await choosePort()
  const baseUrl = `http://localhost:${port}`
  Object.assign(process.env, TEST_ENV, {
    SERVER_URL: baseUrl,
    BASE_DOMAIN: 'localhost',
    // Every request comes from 127.0.0.1; the login rate limit is not under test here.
    RATE_LIMIT_AUTH_MAX: '1000',
  })

  const setupStarted = Date.now()
  const elapsed = () => `${Math.round((Date.now() - setupStarted) / 1000)} s`
  const database = await createTestDatabase(DATABASE_PORT)
  let server: ChildProcess | undefined
  let google: GoogleStandIn | undefined
  let stripe: StripeStandIn | undefined
  let zoom: ZoomStandIn | undefined
  let gemini: GeminiStandIn | undefined
  let rateLimited: ChildProcess | undefined
  const teardown = async () => {
    if (rateLimited) {
      await stopServer(rateLimited)
    }
    if (server) {
      await stopServer(server)
    }
    await google?.close()
    await stripe?.close()
    await zoom?.close()
    await gemini?.close()
    await database.dispose()
  }

  try {
    // Each takes well under a minute; a hung one fails the run with its name.
    await runMigrations(database.uri, MIGRATION_DEADLINE_MS)
    await runScript(path.resolve('tests/e2e/seedFixtures.ts'), database.uri, 5 * 60_000)
    console.log(`[e2e] database created, migrated and seeded in ${elapsed()}`)
    const googleSetup = await startGoogle(baseUrl)
    google = googleSetup.google
    const stripeSetup = await startStripe(baseUrl)
    stripe = stripeSetup.stripe
    const zoomSetup = await startZoom()
    zoom = zoomSetup.zoom
    const geminiSetup = await startGemini()
    gemini = geminiSetup.gemini

    fs.mkdirSync(path.dirname(SERVER_LOG), { recursive: true })
    const log = fs.openSync(SERVER_LOG, 'w')
    console.log(`[e2e] starting the app on ${baseUrl} (builds first if the sources changed; log: ${SERVER_LOG})`)
    server = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/serve.ts'], {
      detached: true,
      stdio: ['ignore', log, log],
      // The log is a file, read when something fails: keep Payload's errors in it.
      // Jobs (certificates) run within a second of being queued, so the specs wait on events, not minutes.
      // Webhook receivers of the specs listen on loopback, which only the operator's allowlist opens.
      env: { ...process.env, ...googleSetup.env, ...stripeSetup.env, ...zoomSetup.env, ...geminiSetup.env, DATABASE_URI: database.uri, PORT: String(port), LOG_LEVEL: 'error', JOBS_INTERVAL_SECONDS: '1', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1/32',
        METRICS_TOKEN: METRICS.token, WORKER_METRICS_PORT: String(METRICS.workerPort) },
    })
    fs.closeSync(log)
    // Should the runner die without tearing down (a crash, a closed pipe), take the server along.
    const child = server
    process.once('exit', () => {
      if (running(child)) {
        signalGroup(child, 'SIGKILL')
      }
    })
    const started = Date.now()
    await waitUntilHealthy(baseUrl, server)
    console.log(`[e2e] app healthy after ${Math.round((Date.now() - started) / 1000)} s`)
    rateLimited = await startRateLimitedServer(database.uri)
  } catch (error) {
    await teardown()
    throw error
  }

  process.env.E2E_BASE_URL = baseUrl
  return teardown
}
