import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type { DatabaseAdapter, Payload } from 'payload'

import { sql } from '@payloadcms/db-postgres'

/** A handle SQL runs on: the pool's Drizzle, or the Drizzle of one open transaction. */
export type SqlHandle = PostgresAdapter['drizzle'] | PostgresAdapter['sessions'][string]['db']

const isPostgres = (db: DatabaseAdapter): db is DatabaseAdapter & PostgresAdapter =>
  db.packageName === '@payloadcms/db-postgres'

/**
 * Payload's database adapter as the Postgres adapter it is (payload.config.ts configures no
 * other): its Drizzle instance, its node-postgres pool and the sessions of open transactions.
 * Checked, not cast, so a change of adapter fails here by name rather than somewhere deeper.
 */
export const postgresAdapter = (payload: Payload): PostgresAdapter => {
  const { db } = payload
  if (!isPostgres(db)) {
    throw new Error(`The database adapter is ${db.packageName}; Aqoon's SQL needs @payloadcms/db-postgres.`)
  }
  return db
}

/**
 * A list bound as one parameter (node-postgres writes the array literal), for `unnest(...)` and
 * `= any(...)` with a cast: one statement for a batch, whatever its length.
 */
export const sqlList = (values: readonly (string | number | null)[]) => sql.param(values)
