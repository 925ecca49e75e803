import type pg from 'pg'

import path from 'node:path'

import type { FileStore } from './fileStores'
import type { UploadStore } from './uploadStores'

import { BackupError } from './backupError'
import { checkBackup, checkChecksums } from './checkBackup'
import { connectTo, describeDatabase, SCHEMA } from './database'
import { forEachConcurrently } from './forEachConcurrently'
import { loadDatabase, type Migration } from './loadDatabase'
import { type Manifest, storedFilePath } from './manifest'

type Args = {
  /** A folder `createBackup` made. */
  folder: string
  /** An empty database. */
  databaseUri: string
  /** Where this app keeps each upload collection's files; none of the backup's may be there yet. */
  uploads: UploadStore[]
  /** The migrations this code has (`src/migrations`). */
  migrations: readonly Migration[]
  log?: (line: string) => void
}

/** Files checked or written at a time. */
const FILE_CONCURRENCY = 8

const some = (names: string[]) => `${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}`

/** Refuses a database holding anything of its own in the schema (extensions' objects aside). */
const refuseUnlessEmpty = async (client: pg.Client, databaseUri: string): Promise<void> => {
  const { rows: schema } = await client.query<{ oid: string | null }>('select to_regnamespace($1)::oid::text as oid', [SCHEMA])
  if (!schema[0]?.oid) {
    throw new BackupError(`${describeDatabase(databaseUri)} has no ${SCHEMA} schema. Create it (CREATE SCHEMA ${SCHEMA};) and restore again.`)
  }
  const { rows } = await client.query<{ kind: string; name: string }>(
    `select kind, name from (
       select 'table' as kind, c.relname::text as name, c.oid, 'pg_class'::regclass as catalog from pg_class c
         where c.relnamespace = $1::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
       union all
       select 'type', t.typname::text, t.oid, 'pg_type'::regclass from pg_type t
         where t.typnamespace = $1::regnamespace and t.typtype in ('e', 'd', 'r', 'm')
       union all
       select 'function', p.proname::text, p.oid, 'pg_proc'::regclass from pg_proc p
         where p.pronamespace = $1::regnamespace
     ) o
     where not exists (select 1 from pg_depend d where d.classid = o.catalog and d.objid = o.oid and d.deptype = 'e')
     order by kind, name`,
    [SCHEMA],
  )
  if (rows.length > 0) {
    const counts = [...new Set(rows.map((row) => row.kind))].map((kind) => `${rows.filter((row) => row.kind === kind).length} ${kind}(s)`)
    throw new BackupError(
      `${describeDatabase(databaseUri)} is not empty: its ${SCHEMA} schema holds ${counts.join(', ')} (${some(rows.map((row) => row.name))}). ` +
        `A restore goes into an empty database only, so nothing already there is lost: create a new database and point DATABASE_URI at it, ` +
        `or, if this one is to be replaced, empty it first (DROP SCHEMA ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA};).`,
    )
  }
}

/** Refuses storage that already holds any of the backup's files: a restore never overwrites a file. */
const refuseFilesPresent = async (manifest: Manifest, stores: Map<string, FileStore>): Promise<void> => {
  const present: string[] = []
  await forEachConcurrently(manifest.storedFiles, FILE_CONCURRENCY, async (file) => {
    const store = stores.get(file.collection)!
    if (await store.has(file.filename)) {
      present.push(store.where(file.filename))
    }
  })
  if (present.length > 0) {
    throw new BackupError(
      `The file storage already holds ${present.length} of the backup's files (${some(present.sort())}). A restore writes into empty storage only: ` +
        `give it a new folder (AQOON_DATA_DIR) or bucket (S3_BUCKET), or remove those files first.`,
    )
  }
}

/**
 * Restores a backup into an empty database and empty file storage, or refuses before writing
 * anything: the backup must be one this code can restore (it knows its migrations), the
 * database and the storage empty, and every file of the backup must match its checksum. Schema, rows and sequences are written in one
 * transaction, and the files are put back before it commits; a failure rolls the transaction
 * back and removes the files already put, so nothing is left half-restored.
 */
export const restoreBackup = async ({ folder, databaseUri, uploads, migrations, log = () => undefined }: Args): Promise<Manifest> => {
  const source = path.resolve(folder)
  const manifest = await checkBackup({ folder: source, migrations: migrations.map((migration) => migration.name), collections: uploads.map((upload) => upload.collection) })
  const stores = new Map(uploads.map((upload) => [upload.collection, upload.store]))
  const client = await connectTo(databaseUri)
  try {
    // The quick refusals first; reading every file of a large backup takes a while.
    await refuseUnlessEmpty(client, databaseUri)
    await refuseFilesPresent(manifest, stores)
    await checkChecksums({ folder: source, manifest })
    log(`backup of ${manifest.createdAt} (Aqoon ${manifest.appVersion}): its ${manifest.files.length} files match their checksums`)
    const sizes = new Map(manifest.files.map((entry) => [entry.path, entry.bytes]))
    const written: { store: FileStore; filename: string }[] = []
    await client.query('begin')
    try {
      await loadDatabase({ client, folder: source, manifest, migrations, log })
      await forEachConcurrently(manifest.storedFiles, FILE_CONCURRENCY, async (file) => {
        const store = stores.get(file.collection)!
        written.push({ store, filename: file.filename })
        await store.write({ filename: file.filename, source: path.join(source, storedFilePath(file)), bytes: sizes.get(storedFilePath(file))!, mimeType: file.mimeType })
      })
      log(`files: ${written.length} put back`)
      await client.query('commit')
    } catch (error) {
      await client.query('rollback').catch(() => undefined)
      await Promise.all(written.map(({ store, filename }) => store.remove(filename).catch(() => undefined)))
      throw error
    }
  } finally {
    await client.end().catch(() => undefined)
  }
  if (manifest.missingFiles.length > 0) {
    log(`warning: ${manifest.missingFiles.length} file(s) named by documents were already missing when the backup was made, and are still missing`)
  }
  return manifest
}
