/**
 * Runs the committed migrations against DATABASE_URI, in this process.
 *
 * Not through Payload's CLI: its entry point loads the config by a dynamic import under
 * a lazily registered TypeScript loader, which now and then never finishes loading;
 * Payload's `bin.js` then exits with code 0 having migrated nothing.
 *
 * One at a time: several pods or launchers starting together (a rollout, a migration Job beside
 * web pods) would otherwise run the same migration twice and fail on what the other created. The
 * second waits on an advisory lock, then finds nothing left to run.
 */
import config from '@payload-config'
import pg from 'pg'
import { getPayload } from 'payload'

import { LOCKS } from '@/services/database/transactions'

process.env.PAYLOAD_MIGRATING = 'true'
const lock = new pg.Client({ connectionString: process.env.DATABASE_URI })
await lock.connect()
await lock.query('select pg_advisory_lock($1)', [LOCKS.migrations])
try {
  const payload = await getPayload({ config, disableOnInit: true })
  try {
    await payload.db.migrate()
  } finally {
    await payload.destroy()
  }
} finally {
  await lock.end()
}
process.exit(0)
