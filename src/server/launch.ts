import { ensureLocalSecret } from '@/secret'
import { ensureDatabase } from '@/services/database/ensureDatabase'
import { settings } from '@/settings'

import { buildIfStale } from './buildIfStale'
import { runMigrations, runScript, startJobsWorker } from './runPayloadCli'
import { startServer } from './startServer'

type Args = {
  /** Next in development mode instead of a production build. */
  dev?: boolean
  /** A script run after the migrations, such as the demo seed. */
  seedScript?: string
  /** Make up a local PAYLOAD_SECRET when none is set (the demo runs a production build locally). */
  localSecret?: boolean
}

const log = (line: string) => console.log(`[aqoon] ${line}`)

/**
 * Starts Aqoon: database (embedded unless DATABASE_URI is set) -> build if stale ->
 * migrations -> optional seed -> HTTP server, and stops the database on exit.
 */
export const launch = async ({ dev = false, seedScript, localSecret = false }: Args = {}): Promise<void> => {
  if (!dev) {
    Object.assign(process.env, { NODE_ENV: 'production' })
  }
  if (localSecret) {
    ensureLocalSecret()
  }
  if (!dev) {
    buildIfStale(log)
  }
  const database = await ensureDatabase()
  log(
    settings.databaseUri
      ? 'Using DATABASE_URI.'
      : `Embedded PostgreSQL on port ${settings.embeddedPostgresPort}, data in ${settings.dataDir}.`,
  )
  await runMigrations(database.uri)
  if (seedScript) {
    await runScript(seedScript, database.uri)
  }
  const server = await startServer({ dev, port: settings.port })
  const worker = settings.jobs.worker ? startJobsWorker(database.uri) : undefined
  log(`Aqoon is running at ${settings.serverUrl}`)
  log(`Admin panel: ${settings.serverUrl}/admin   REST: ${settings.serverUrl}/api   GraphQL: ${settings.serverUrl}/api/graphql`)
  log(`Tenants: send X-Tenant: <slug>, or browse http://<slug>.${settings.baseDomain}:${settings.port}`)

  const shutdown = async () => {
    worker?.kill('SIGTERM')
    server.close()
    await database.stop()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}
