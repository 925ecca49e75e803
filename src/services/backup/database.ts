import pg from 'pg'

import { BackupError, reasonOf } from './backupError'

/** The schema Payload keeps every table in (the adapter's default; the config names no other). */
export const SCHEMA = 'public'

/** A quoted SQL identifier. */
export const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`

/** A table or sequence of the schema, quoted. */
export const qualified = (name: string): string => `${ident(SCHEMA)}.${ident(name)}`

/** The settings pg_dump uses, so every value's text is the same whatever the server's defaults. */
export const SESSION_SETTINGS = `set local timezone = 'UTC'; set local datestyle = 'ISO, YMD'; set local intervalstyle = 'postgres'; set local extra_float_digits = 3; set local bytea_output = 'hex'`

/** The database named by a connection string, without its password, for messages. */
export const describeDatabase = (uri: string): string => {
  try {
    const url = new URL(uri)
    return `${url.hostname}:${url.port || 5432}${url.pathname}`
  } catch {
    return 'the database (DATABASE_URI is not a valid postgres:// connection string)'
  }
}

/** One connection of its own (a backup is one transaction, so is a restore), refused with the reason. */
export const connectTo = async (uri: string): Promise<pg.Client> => {
  const client = new pg.Client({ connectionString: uri, connectionTimeoutMillis: 10_000 })
  // A connection dropped mid-way fails the statement in hand; without a listener it would also end the process.
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (error) {
    await client.end().catch(() => undefined)
    throw new BackupError(`Cannot connect to ${describeDatabase(uri)}: ${reasonOf(error)}. Check DATABASE_URI and that the server is running.`)
  }
  return client
}

/** A base table's columns in order, with their SQL types; generated columns are left out (they are computed, not stored). */
export const columnsOf = async (client: pg.Client, table: string): Promise<{ name: string; type: string }[]> =>
  (
    await client.query<{ name: string; type: string }>(
      `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
       from pg_attribute a
       where a.attrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
       order by a.attnum`,
      [SCHEMA, table],
    )
  ).rows

/** The schema's tables (partitions aside: their parent reads and writes their rows), by name. */
export const tablesOf = async (client: pg.Client): Promise<string[]> =>
  (
    await client.query<{ name: string }>(
      `select c.relname as name from pg_class c
       where c.relnamespace = $1::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
       order by c.relname`,
      [SCHEMA],
    )
  ).rows.map((row) => row.name)
