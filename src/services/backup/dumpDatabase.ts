import type pg from 'pg'

import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'

import type { FileDigest } from './fileDigest'
import type { Manifest, TableColumn } from './manifest'
import type { UploadStore } from './uploadStores'

import { BackupError } from './backupError'
import { columnsOf, ident, qualified, SCHEMA, SESSION_SETTINGS, tablesOf } from './database'
import { writeDigested } from './fileDigest'
import { tableFile } from './manifest'

/** Rows fetched from the cursor at a time. */
const FETCH_ROWS = 1000

export type Snapshot = Pick<Manifest, 'createdAt' | 'postgresVersion' | 'migrations' | 'tables' | 'sequences' | 'storedFiles'> & {
  /** The digest of each table's file, by its path in the backup. */
  written: Map<string, FileDigest>
}

/**
 * Writes one table's rows to its file, one line per row: a JSON array holding each column's text
 * (as COPY would write it; null for NULL), read through a cursor so memory holds a batch, not the table.
 */
const dumpTable = async (client: pg.Client, table: string, columns: TableColumn[], file: string): Promise<{ rows: number; digest: FileDigest }> => {
  const values = columns.map((column) => `${ident(column.name)}::text`).join(', ')
  await client.query(`declare backup_rows no scroll cursor for select to_json(array[${values}]::text[])::text as line from ${qualified(table)}`)
  let rows = 0
  const batches = async function* () {
    for (;;) {
      const batch = await client.query<{ line: string }>(`fetch ${FETCH_ROWS} from backup_rows`)
      if (batch.rows.length === 0) {
        return
      }
      rows += batch.rows.length
      yield Buffer.from(batch.rows.map((row) => `${row.line}\n`).join(''), 'utf8')
    }
  }
  const digest = await writeDigested(Readable.from(batches()), file)
  await client.query('close backup_rows')
  return { rows, digest }
}

/** Every column holding an upload's file name (`filename`, and `sizes_<name>_filename` for image sizes), with its MIME type column. */
const fileColumnsOf = (columns: TableColumn[]): { filename: string; mimeType: string | undefined }[] => {
  const names = new Set(columns.map((column) => column.name))
  return columns
    .filter((column) => column.name.endsWith('filename'))
    .map((column) => {
      const mimeType = `${column.name.slice(0, -'filename'.length)}mime_type`
      return { filename: column.name, mimeType: names.has(mimeType) ? mimeType : undefined }
    })
}

/** The upload files the snapshot's documents name, each once. */
const storedFilesOf = async (client: pg.Client, uploads: UploadStore[], tables: Set<string>): Promise<Snapshot['storedFiles']> => {
  const found = new Map<string, Snapshot['storedFiles'][number]>()
  for (const { collection, table } of uploads) {
    if (!tables.has(table)) {
      throw new BackupError(`The database has no table ${table} for the upload collection ${collection}: it does not match this version of Aqoon.`)
    }
    for (const columns of fileColumnsOf(await columnsOf(client, table))) {
      const { rows } = await client.query<{ filename: string; mime_type: string | null }>(
        `select ${ident(columns.filename)}::text as filename, ${columns.mimeType ? `${ident(columns.mimeType)}::text` : 'null'} as mime_type
         from ${qualified(table)} where ${ident(columns.filename)} is not null and ${ident(columns.filename)} <> ''`,
      )
      for (const row of rows) {
        if (path.basename(row.filename) !== row.filename || row.filename === '..' || row.filename === '.') {
          throw new BackupError(`A document of ${collection} names the file "${row.filename}", which is not a plain file name; fix that document first.`)
        }
        found.set(`${collection}/${row.filename}`, { collection, filename: row.filename, mimeType: row.mime_type })
      }
    }
  }
  return [...found.values()]
}

/**
 * Dumps every table of the schema into `folder/database/` from one snapshot: a REPEATABLE READ,
 * READ ONLY transaction sees the database as it was at its first statement, whatever commits
 * meanwhile, so the rows, the migration list, the counts and the list of upload files all agree.
 * Runs over the driver, not pg_dump: a server newer than the machine's pg_dump is refused by it.
 */
export const dumpDatabase = async ({ client, folder, uploads }: { client: pg.Client; folder: string; uploads: UploadStore[] }): Promise<Snapshot> => {
  await client.query('begin transaction isolation level repeatable read, read only')
  try {
    await client.query(SESSION_SETTINGS)
    const { rows: about } = await client.query<{ at: Date; version: string }>(`select now() as at, current_setting('server_version') as version`)
    const names = await tablesOf(client)
    if (!names.includes('payload_migrations')) {
      throw new BackupError('The database has no payload_migrations table: it is not an Aqoon database, or its migrations never ran.')
    }
    const migrations = (await client.query<{ name: string }>('select name from payload_migrations order by id')).rows.map((row) => row.name)
    const tables: Snapshot['tables'] = []
    const written = new Map<string, FileDigest>()
    await fs.promises.mkdir(path.join(folder, 'database'), { mode: 0o700 })
    for (const name of names) {
      const columns = await columnsOf(client, name)
      const { rows, digest } = await dumpTable(client, name, columns, path.join(folder, tableFile(name)))
      tables.push({ name, rows, columns })
      written.set(tableFile(name), digest)
    }
    const { rows: sequenceNames } = await client.query<{ name: string }>(
      `select relname as name from pg_class where relnamespace = $1::regnamespace and relkind = 'S' order by relname`,
      [SCHEMA],
    )
    const sequences: Snapshot['sequences'] = []
    for (const { name } of sequenceNames) {
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(`select last_value::text, is_called from ${qualified(name)}`)
      sequences.push({ name, lastValue: rows[0]!.last_value, isCalled: rows[0]!.is_called })
    }
    const storedFiles = await storedFilesOf(client, uploads, new Set(names))
    await client.query('commit')
    return { createdAt: about[0]!.at.toISOString(), postgresVersion: about[0]!.version, migrations, tables, sequences, storedFiles, written }
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw error
  }
}
