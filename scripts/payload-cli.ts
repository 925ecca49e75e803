/**
 * Runs Payload's CLI (migrate, migrate:create, generate:types, ...) against the
 * configured database, starting the embedded one when DATABASE_URI is unset.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'

import { ensureDatabase } from '@/services/database/ensureDatabase'

const database = await ensureDatabase()
const child = spawn(
  process.execPath,
  [path.resolve('node_modules/payload/bin.js'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URI: database.uri, PAYLOAD_CONFIG_PATH: path.resolve('payload.config.ts') },
  },
)
const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)))
await database.stop()
process.exit(code)
