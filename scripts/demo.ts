/**
 * `npm run demo`: embedded PostgreSQL (unless DATABASE_URI is set), migrations,
 * demo data (idempotent), then the app on PORT.
 */
import { ensureLocalSecret } from '@/secret'
import { buildIfStale } from '@/server/buildIfStale'
import { runPayloadCli, runScript } from '@/server/runPayloadCli'
import { startServer } from '@/server/startServer'
import { ensureDatabase } from '@/services/database/ensureDatabase'
import { settings } from '@/settings'

const log = (line: string) => console.log(`[aqoon] ${line}`)

Object.assign(process.env, { NODE_ENV: 'production' })
ensureLocalSecret()
buildIfStale(log)
const database = await ensureDatabase()
log(settings.databaseUri ? 'Using DATABASE_URI.' : `Embedded PostgreSQL on port ${settings.embeddedPostgresPort}, data in ${settings.dataDir}.`)
await runPayloadCli(['migrate'], database.uri)
await runScript('scripts/seed-demo.ts', database.uri)
const server = await startServer({ dev: false, port: settings.port })
log(`Aqoon is running at ${settings.serverUrl}`)
log(`Admin panel: ${settings.serverUrl}/admin   REST: ${settings.serverUrl}/api   GraphQL: ${settings.serverUrl}/api/graphql`)
log(`Tenants: send X-Tenant: north|south, or browse http://north.${settings.baseDomain}:${settings.port}`)

const shutdown = async () => {
  server.close()
  await database.stop()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
