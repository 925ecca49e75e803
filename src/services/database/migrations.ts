import type { Payload } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { migrations } from '@/migrations'

import { postgresAdapter } from './adapter'

/** The committed migrations this database has not run yet (none: the schema is the code's). */
export const pendingMigrations = async (payload: Payload): Promise<string[]> => {
  const { rows } = await postgresAdapter(payload).drizzle.execute(sql`select name from payload_migrations`)
  const applied = new Set(rows.map((row) => String(row.name)))
  return migrations.map((migration) => migration.name).filter((name) => !applied.has(name))
}
