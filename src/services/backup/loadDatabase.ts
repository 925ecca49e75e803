import type { MigrateUpArgs } from '@payloadcms/db-postgres'
import type pg from 'pg'
import type { Payload, PayloadRequest } from 'payload'

import { drizzle } from '@payloadcms/db-postgres/drizzle/node-postgres'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'

import { BackupError, reasonOf } from './backupError'
import { columnsOf, ident, qualified, SCHEMA, SESSION_SETTINGS, tablesOf } from './database'
import { type Manifest, tableFile } from './manifest'

/** A committed migration, as `src/migrations/index.ts` lists them. */
export type Migration = { name: string; up: (args: MigrateUpArgs) => Promise<void> }

type Args = {
  /** A connection inside the restore's open transaction. */
  client: pg.Client
  folder: string
  manifest: Manifest
  migrations: readonly Migration[]
  log: (line: string) => void
}

/** Rows inserted per statement, and the most text one statement carries. */
const BATCH_ROWS = 500
const BATCH_CHARS = 4_000_000

/**
 * Stands in for the Payload instance and request a migration is given. A restore runs the
 * migrations on its own connection, in its own transaction, without starting Payload (whose
 * connect in production runs every pending migration, not the backup's). Aqoon's migrations use
 * `db` alone; one reaching for Payload stops the restore here, naming itself.
 */
const unavailable = <T extends object>(what: string, migration: string): T =>
  new Proxy({} as T, {
    get: (_target, key) => {
      throw new BackupError(`Migration ${migration} uses ${what}.${String(key)}; a restore runs migrations on SQL alone (db), without Payload.`)
    },
  })

/** Runs exactly the backup's migrations, in the order its database ran them: the schema its rows fit. */
const runMigrations = async (client: pg.Client, wanted: readonly string[], migrations: readonly Migration[], log: Args['log']) => {
  const db = drizzle({ client })
  const byName = new Map(migrations.map((migration) => [migration.name, migration]))
  for (const name of wanted) {
    try {
      await byName.get(name)!.up({ db, payload: unavailable<Payload>('payload', name), req: unavailable<PayloadRequest>('req', name) })
    } catch (error) {
      throw error instanceof BackupError ? error : new BackupError(`Migration ${name} failed: ${reasonOf(error)}`)
    }
  }
  log(`schema: ${wanted.length} migrations run`)
}

/** Refuses a schema that is not the backed-up one: a column that differs would load wrongly or not at all. */
const checkSchema = async (client: pg.Client, manifest: Manifest): Promise<Map<string, Map<string, string>>> => {
  const here = new Map<string, Map<string, string>>()
  for (const table of await tablesOf(client)) {
    here.set(table, new Map((await columnsOf(client, table)).map((column) => [column.name, column.type])))
  }
  const differences: string[] = []
  for (const table of manifest.tables) {
    const columns = here.get(table.name)
    if (!columns) {
      differences.push(`table ${table.name} is missing`)
      continue
    }
    for (const column of table.columns) {
      const type = columns.get(column.name)
      if (type !== column.type) {
        differences.push(type ? `${table.name}.${column.name} is ${type}, was ${column.type}` : `${table.name}.${column.name} is missing`)
      }
    }
    const backedUp = new Set(table.columns.map((column) => column.name))
    differences.push(...[...columns.keys()].filter((name) => !backedUp.has(name)).map((name) => `${table.name}.${name} is new`))
  }
  const backedUpTables = new Set(manifest.tables.map((table) => table.name))
  differences.push(...[...here.keys()].filter((name) => !backedUpTables.has(name)).map((name) => `table ${name} is new`))
  if (differences.length > 0) {
    throw new BackupError(
      `The migrations made a schema unlike the backed-up database's (was it changed by hand?): ${differences.slice(0, 8).join('; ')}${differences.length > 8 ? '; …' : ''}.`,
    )
  }
  return here
}

/**
 * A column's value from a row's JSON array. Transaction ids (xid8) belong to the server that
 * wrote them: a new server counts from elsewhere, so an event cursor kept from the old one could
 * pass over every event written after the restore. Each becomes the restoring transaction's id,
 * later than everything restored and earlier than anything new (src/domain/events/dispatch.ts).
 */
const valueOf = (index: number, type: string) =>
  type === 'xid8' ? `case when r.value->>${index} is null then null else pg_current_xact_id() end` : `(r.value->>${index})::${type}`

/** Inserts a table's rows from its file, in batches; answers how many. */
const loadTable = async (client: pg.Client, folder: string, table: Manifest['tables'][number], types: Map<string, string>): Promise<number> => {
  // Types as the restored schema writes them (checked equal to the backup's), never text from the manifest.
  const values = table.columns.map((column, index) => valueOf(index, types.get(column.name)!)).join(', ')
  const insert = `insert into ${qualified(table.name)} (${table.columns.map((column) => ident(column.name)).join(', ')}) overriding system value
    select ${values} from json_array_elements($1::json) as r(value)`
  let rows = 0
  let batch: string[] = []
  let chars = 0
  const flush = async () => {
    if (batch.length > 0) {
      await client.query(insert, [`[${batch.join(',')}]`])
      rows += batch.length
      batch = []
      chars = 0
    }
  }
  const lines = readline.createInterface({ input: fs.createReadStream(path.join(folder, tableFile(table.name))), crlfDelay: Infinity })
  for await (const line of lines) {
    batch.push(line)
    chars += line.length
    if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) {
      await flush()
    }
  }
  await flush()
  return rows
}

/**
 * Sets every sequence after the rows are in: one a column owns to that column's largest value
 * (the next row gets the next number), any other to where the backup found it.
 */
const resetSequences = async (client: pg.Client, manifest: Manifest) => {
  const { rows } = await client.query<{ name: string; table: string | null; column: string | null; start: string }>(
    `select s.relname as name, t.relname as table, a.attname as column, q.seqstart::text as start
     from pg_class s
     join pg_sequence q on q.seqrelid = s.oid
     left join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = s.oid and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
     left join pg_class t on t.oid = d.refobjid
     left join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
     where s.relkind = 'S' and s.relnamespace = $1::regnamespace`,
    [SCHEMA],
  )
  const recorded = new Map(manifest.sequences.map((sequence) => [sequence.name, sequence]))
  for (const sequence of rows) {
    if (sequence.table && sequence.column) {
      await client.query(
        `select setval($1::regclass, coalesce(max(${ident(sequence.column)})::bigint, $2::bigint), max(${ident(sequence.column)}) is not null) from ${qualified(sequence.table)}`,
        [qualified(sequence.name), sequence.start],
      )
    } else if (recorded.has(sequence.name)) {
      const { lastValue, isCalled } = recorded.get(sequence.name)!
      await client.query('select setval($1::regclass, $2::bigint, $3)', [qualified(sequence.name), lastValue, isCalled])
    }
  }
}

/**
 * Builds the backup's schema and loads its rows, inside the caller's transaction: the
 * migrations the backup's database had run, then every table's rows with triggers and
 * foreign-key checks off (`session_replication_role = replica`, as pg_restore does for data),
 * since the rows come from one consistent snapshot and tables refer to each other in cycles.
 * Triggers stay off for the load so rows come back as they were (catalog versions, search
 * vectors), not as the triggers would recompute them.
 */
export const loadDatabase = async ({ client, folder, manifest, migrations, log }: Args): Promise<void> => {
  await client.query(SESSION_SETTINGS)
  await runMigrations(client, manifest.migrations, migrations, log)
  const schema = await checkSchema(client, manifest)
  // A migration that wrote rows wrote them in the backed-up database too: the backup's are the ones to keep.
  if (schema.size > 0) {
    await client.query(`truncate ${[...schema.keys()].map(qualified).join(', ')}`)
  }
  try {
    await client.query('set local session_replication_role = replica')
  } catch (error) {
    throw new BackupError(
      `The database user may not set session_replication_role (${reasonOf(error)}), which loading rows needs. Restore as a superuser or the database's owner with that right: GRANT SET ON PARAMETER session_replication_role TO <user> (PostgreSQL 15 and later).`,
    )
  }
  let total = 0
  for (const table of manifest.tables) {
    let rows: number
    try {
      rows = await loadTable(client, folder, table, schema.get(table.name)!)
    } catch (error) {
      throw new BackupError(`Cannot load the rows of ${table.name}: ${reasonOf(error)}`)
    }
    if (rows !== table.rows) {
      throw new BackupError(`The backup holds ${rows} rows of ${table.name}, its manifest says ${table.rows}; the backup is damaged.`)
    }
    total += rows
  }
  await client.query('set local session_replication_role = origin')
  await resetSequences(client, manifest)
  log(`database: ${total} rows loaded into ${manifest.tables.length} tables`)
}
