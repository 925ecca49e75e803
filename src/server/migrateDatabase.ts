import config from '@payload-config'
import pg from 'pg'
import { getPayload } from 'payload'

import { LOCKS } from '@/services/database/transactions'

/**
 * Applies the committed migrations to DATABASE_URI in this process (scripts/migrate.ts says why
 * not through Payload's CLI), one process at a time under an advisory lock.
 */
export const migrateDatabase = async (): Promise<void> => {
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
}
