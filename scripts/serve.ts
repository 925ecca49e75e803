/**
 * `npm start`: database (embedded unless DATABASE_URI is set) -> migrations -> app.
 * With --dev, Next runs in development mode instead of from a production build.
 */
import { buildIfStale } from '@/server/buildIfStale'
import { runPayloadCli } from '@/server/runPayloadCli'
import { startServer } from '@/server/startServer'
import { ensureDatabase } from '@/services/database/ensureDatabase'
import { settings } from '@/settings'

const dev = process.argv.includes('--dev')
const log = (line: string) => console.log(`[aqoon] ${line}`)

if (!dev) {
  Object.assign(process.env, { NODE_ENV: 'production' })
  buildIfStale(log)
}
const database = await ensureDatabase()
log(settings.databaseUri ? 'Using DATABASE_URI.' : `Embedded PostgreSQL on port ${settings.embeddedPostgresPort}.`)
await runPayloadCli(['migrate'], database.uri)
const server = await startServer({ dev, port: settings.port })
log(`Ready at ${settings.serverUrl} (admin: ${settings.serverUrl}/admin)`)

const shutdown = async () => {
  server.close()
  await database.stop()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
