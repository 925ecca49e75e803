import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type { DatabaseAdapter, Payload } from 'payload'

import { sql } from '@payloadcms/db-postgres'
import { createHash } from 'node:crypto'

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

/** A statement as Drizzle compiles it: its text and parameters. */
type Compiled = { sql: string; params: unknown[] }

/** Names of prepared statements by their text (bounded: only fixed texts are prepared, a few dozen). */
const preparedNames = new Map<string, string>()

/**
 * Runs a statement whose text never changes (only its parameters) as a named prepared statement:
 * PostgreSQL parses and plans it once per connection, and keeps a generic plan once that is no
 * worse, instead of planning it on every run (a millisecond for a statement with many joins, on
 * paths run by the hundred a second). Named by a hash of its text, so two texts never share a
 * name. Not for statements whose text varies (lists written inline): every connection keeps
 * every text it prepared.
 */
export const executePrepared = async (db: SqlHandle, query: ReturnType<typeof sql>): Promise<{ rows: unknown[] }> => {
  const session = db._.session as unknown as { dialect: { sqlToQuery: (query: ReturnType<typeof sql>) => Compiled }; prepareQuery: (query: Compiled, fields: undefined, name: string, arrayMode: false) => { execute: () => Promise<{ rows: unknown[] }> } }
  const compiled = session.dialect.sqlToQuery(query)
  let name = preparedNames.get(compiled.sql)
  if (!name) {
    name = `aqoon_${createHash('sha256').update(compiled.sql).digest('hex').slice(0, 24)}`
    if (preparedNames.size >= 1000) {
      preparedNames.clear()
    }
    preparedNames.set(compiled.sql, name)
  }
  return session.prepareQuery(compiled, undefined, name, false).execute()
}

/**
 * A list bound as one parameter (node-postgres writes the array literal), for `unnest(...)` and
 * `= any(...)` with a cast: one statement for a batch, whatever its length.
 */
export const sqlList = (values: readonly (string | number | null)[]) => sql.param(values)

type Pool = NonNullable<PostgresAdapter['pool']>
type PoolClient = Awaited<ReturnType<Pool['connect']>>
type Connect = (callback?: (error: Error | undefined, client: PoolClient | undefined, done: (release?: unknown) => void) => void) => unknown

/**
 * Watches every wait for a pooled connection (node-postgres's `query` takes one through
 * `connect` too, with a callback): `asked` runs when a connection is asked for, in the asker's
 * context, and `answered` with what it returned once the pool answers. Each `name` is installed
 * once per pool, however often a Payload instance starts.
 */
export const aroundConnect = <T>(pool: Pool, name: string, asked: () => T, answered: (fromAsked: T, error: unknown) => void): void => {
  const key = Symbol.for(`aqoon.aroundConnect.${name}`)
  const marked = pool as Pool & { [key: symbol]: true | undefined }
  if (marked[key]) {
    return
  }
  marked[key] = true
  const connect = pool.connect.bind(pool) as Connect
  const watched: Connect = (callback) => {
    const fromAsked = asked()
    if (callback) {
      return connect((error, client, done) => {
        answered(fromAsked, error)
        callback(error, client, done)
      })
    }
    return (connect() as Promise<PoolClient>).then(
      (client) => {
        answered(fromAsked, undefined)
        return client
      },
      (error: unknown) => {
        answered(fromAsked, error)
        throw error
      },
    )
  }
  pool.connect = watched as Pool['connect']
}
