import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import { migrations } from '@/migrations'
import { BackupError } from '@/services/backup/backupError'
import { createBackup } from '@/services/backup/createBackup'
import { localFileStore, s3FileStore } from '@/services/backup/fileStores'
import { type Manifest, MANIFEST_FILE, storedFilePath } from '@/services/backup/manifest'
import { restoreBackup } from '@/services/backup/restoreBackup'
import { type UploadStore, uploadStores } from '@/services/backup/uploadStores'

import { bootApp, type TestApp } from '../helpers/boot'
import { forgetZoomJobs } from '../helpers/zoomJobs'
import { type Clamd, startClamd } from '../helpers/clamd'
import { fillSchool } from '../helpers/everyRecord'
import { uniq } from '../helpers/personas'
import { type S3, startS3 } from '../helpers/s3'
import { createDatabaseBeside, type TestDatabase } from '../helpers/testDatabase'
import { startWebhookReceiver } from '../helpers/webhookReceiver'

let app: TestApp
let clamd: Clamd
let s3: S3
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>
let sourceUri: string
let sourceStores: UploadStore[]
let original: Record<string, string[]>
let backup: string
let manifest: Manifest
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aqoon-backup-test-'))
const databases: TestDatabase[] = []
const id = uniq()

/**
 * Tables a school's life through the API leaves empty: the admin panel's edit locks and
 * preferences, Payload's key-value store and jobs statistics, and the jobs' run log (a job that
 * ran is deleted once done; the queued mail jobs have not run).
 */
const EMPTY_BY_NATURE = new Set(['payload_locked_documents', 'payload_locked_documents_rels', 'payload_kv', 'payload_jobs_stats', 'payload_jobs_log', 'payload_preferences', 'payload_preferences_rels'])

const withClient = async <T>(uri: string, run: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: uri })
  await client.connect()
  try {
    await client.query(`set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set extra_float_digits = 3`)
    return await run(client)
  } finally {
    await client.end()
  }
}

/**
 * Every table's rows as text, sorted. Transaction ids (xid8) are the server's own and a restore
 * rewrites them (src/services/backup/loadDatabase.ts), so they are compared on their own.
 */
const contentsOf = (uri: string): Promise<Record<string, string[]>> =>
  withClient(uri, async (client) => {
    const contents: Record<string, string[]> = {}
    const { rows: tables } = await client.query<{ name: string }>(`select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by 1`)
    for (const { name } of tables) {
      const { rows: columns } = await client.query<{ name: string }>(
        `select attname as name from pg_attribute where attrelid = ('public.' || quote_ident($1))::regclass and attnum > 0 and not attisdropped and atttypid <> 'xid8'::regtype order by attnum`,
        [name],
      )
      const values = columns.map((column) => `"${column.name}"::text`).join(', ')
      const { rows } = await client.query<{ line: string }>(`select to_json(array[${values}]::text[])::text as line from "${name}"`)
      contents[name] = rows.map((row) => row.line).sort()
    }
    return contents
  })

const newDatabase = async (): Promise<TestDatabase> => {
  const database = await createDatabaseBeside(inject('databaseUri'))
  databases.push(database)
  return database
}

const tableCount = (uri: string) =>
  withClient(uri, async (client) => Number((await client.query(`select count(*) from pg_class where relnamespace = 'public'::regnamespace`)).rows[0].count))

/** The same upload collections, with their files in folders under `dir`. */
const localStoresIn = (dir: string): UploadStore[] => sourceStores.map((upload) => ({ ...upload, store: localFileStore(path.join(dir, upload.collection)) }))

const bytesOf = async (store: UploadStore['store'], filename: string): Promise<Buffer | undefined> => {
  const stream = await store.read(filename)
  return stream ? Buffer.concat(await stream.toArray()) : undefined
}

const expectSameFiles = async (stores: UploadStore[]) => {
  for (const file of manifest.storedFiles) {
    const from = sourceStores.find((upload) => upload.collection === file.collection)!.store
    const to = stores.find((upload) => upload.collection === file.collection)!.store
    const expected = await bytesOf(from, file.filename)
    expect(expected, storedFilePath(file)).toBeDefined()
    expect((await bytesOf(to, file.filename))?.equals(expected!), storedFilePath(file)).toBe(true)
  }
}

/** Every row back as it was, every sequence at its column's largest value, the transaction ids the restore's own. */
const expectRestored = async (uri: string) => {
  const restored = await contentsOf(uri)
  expect(Object.keys(restored)).toEqual(Object.keys(original))
  for (const table of Object.keys(original)) {
    expect(restored[table], table).toEqual(original[table])
  }
  await withClient(uri, async (client) => {
    const { rows } = await client.query<{ ids: string; ahead: boolean }>(
      `select count(distinct txid)::text as ids, bool_and(txid < pg_current_xact_id()) as ahead from domain_events`,
    )
    expect(rows[0]).toEqual({ ids: '1', ahead: true })
    const cursors = await client.query(`select 1 from event_cursors where settled_before <> (select min(txid) from domain_events)`)
    expect(cursors.rowCount, 'every cursor moved to the restore').toBe(0)
    const { rows: sequences } = await client.query<{ name: string; table: string; column: string }>(
      `select s.relname as name, t.relname as table, a.attname as column
       from pg_class s
       join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass and d.deptype = 'a'
       join pg_class t on t.oid = d.refobjid join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
       where s.relkind = 'S' and s.relnamespace = 'public'::regnamespace`,
    )
    expect(sequences.length).toBeGreaterThan(40)
    for (const sequence of sequences) {
      const max = (await client.query(`select max("${sequence.column}")::text as max from "${sequence.table}"`)).rows[0].max as string | null
      const state = (await client.query(`select last_value::text as last, is_called as called from "${sequence.name}"`)).rows[0] as { last: string; called: boolean }
      // Empty: the next row gets the first number; otherwise the one after the largest.
      expect(state, sequence.name).toEqual(max === null ? { last: '1', called: false } : { last: max, called: true })
    }
  })
}

type Cli = { code: number; stdout: string; stderr: string }

/**
 * How long one run of a script may take. It loads the whole app through tsx (6 s on a quiet
 * machine, several times that on a busy one); a run that does not end by then is stopped and
 * its output shown, so a process that hangs fails its test with what it got to.
 */
const CLI_DEADLINE_MS = 150_000

/**
 * A run that has printed nothing after this long is stuck loading its modules: under Node 20,
 * tsx's loader hooks now and then never settle an import (the scripts' own comments say more).
 * It is stopped and started once more, within the same deadline.
 */
const SILENT_START_MS = 60_000

const runScript = (script: 'backup' | 'restore', args: string[], env: Record<string, string>, deadlineMs: number, silentMs: number | undefined): Promise<Cli & { silent: boolean }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { env: { ...process.env, S3_BUCKET: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let silent = false
    const deadline = setTimeout(() => {
      stderr += `\n[test] npm run ${script} had not ended after ${deadlineMs / 1000} s and was stopped\n`
      child.kill('SIGKILL')
    }, deadlineMs)
    const startup =
      silentMs === undefined
        ? undefined
        : setTimeout(() => {
            if (stdout === '' && stderr === '') {
              silent = true
              child.kill('SIGKILL')
            }
          }, silentMs)
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('exit', (code) => {
      clearTimeout(deadline)
      clearTimeout(startup)
      resolve({ code: code ?? 1, stdout, stderr, silent })
    })
  })

/** `npm run backup` / `npm run restore` as an operator runs them: the script in a process of its own. */
const cli = async (script: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<Cli> => {
  const first = await runScript(script, args, env, CLI_DEADLINE_MS, SILENT_START_MS)
  if (!first.silent) {
    return first
  }
  console.warn(`[test] npm run ${script} printed nothing in ${SILENT_START_MS / 1000} s (stuck loading its modules): started again`)
  return runScript(script, args, env, CLI_DEADLINE_MS - SILENT_START_MS, undefined)
}

/** A refusal an operator can act on: a message, no stack trace. */
const expectRefusal = (result: Cli, message: RegExp) => {
  expect(result.code, result.stdout + result.stderr).toBe(1)
  expect(result.stderr).toMatch(message)
  expect(result.stderr).not.toMatch(/^\s+at /m)
}

const copyOfBackup = (name: string): string => {
  const copy = path.join(work, name)
  fs.cpSync(backup, copy, { recursive: true })
  return copy
}

beforeAll(async () => {
  clamd = await startClamd()
  s3 = await startS3()
  receiver = await startWebhookReceiver()
  // A database of its own: the backup holds this file's school alone, and no other file's app runs its jobs.
  app = await bootApp({ CLAMD_PORT: String(clamd.port), WEBHOOK_ALLOWED_HOSTS: '127.0.0.1/32' }, { ownDatabase: true })
  sourceUri = process.env.DATABASE_URI!
  sourceStores = uploadStores({ config: app.payload.config })
  await fillSchool(app, `bk-${id}`, receiver.url)
  original = await contentsOf(sourceUri)
}, 240_000)

afterAll(async () => {
  await forgetZoomJobs(app?.payload)
  await app?.close()
  await receiver?.close()
  await s3?.close()
  await clamd?.stop()
  for (const database of databases) {
    await database.dispose()
  }
  fs.rmSync(work, { recursive: true, force: true })
})

describe('backup', () => {
  it('should copy every table and every stored file through npm run backup, with their counts and checksums', async () => {
    backup = path.join(work, 'first')
    const result = await cli('backup', [backup], { DATABASE_URI: sourceUri, AQOON_DATA_DIR: path.resolve('.data/test') })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(result.stdout).toMatch(/\[backup\] done/)
    manifest = JSON.parse(fs.readFileSync(path.join(backup, MANIFEST_FILE), 'utf8')) as Manifest
    expect(manifest).toMatchObject({ format: 'aqoon-backup', version: 1, missingFiles: [] })
    expect(manifest.migrations).toEqual(migrations.map((migration) => migration.name))
    expect(Date.now() - Date.parse(manifest.createdAt)).toBeLessThan(120_000)
    expect(fs.statSync(backup).mode & 0o077, 'only its owner may read a backup').toBe(0)

    expect(manifest.tables.map((table) => table.name)).toEqual(Object.keys(original))
    for (const table of manifest.tables) {
      expect(table.rows, table.name).toBe(original[table.name]!.length)
      if (!EMPTY_BY_NATURE.has(table.name)) {
        expect(table.rows, `${table.name} has rows to back up`).toBeGreaterThan(0)
      }
    }
    // Every file each upload collection's documents name: logo and reading, the hand-in, the certificate PDF.
    const named = await withClient(sourceUri, async (client) => {
      const names: string[] = []
      for (const { collection, table } of sourceStores) {
        names.push(...(await client.query(`select filename from "${table}"`)).rows.map((row) => `${collection}/${row.filename}`))
      }
      return names
    })
    expect(manifest.storedFiles.map((file) => `${file.collection}/${file.filename}`).sort()).toEqual(named.sort())
    expect(new Set(manifest.storedFiles.map((file) => file.collection))).toEqual(new Set(['media', 'submission-files', 'certificate-files', 'invoice-files', 'payment-proofs']))
    const certificate = manifest.storedFiles.find((file) => file.collection === 'certificate-files')!
    expect(certificate.mimeType).toBe('application/pdf')
    expect(fs.readFileSync(path.join(backup, storedFilePath(certificate))).subarray(0, 5).toString()).toBe('%PDF-')

    for (const file of manifest.files) {
      const bytes = fs.readFileSync(path.join(backup, file.path))
      expect({ bytes: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') }, file.path).toEqual({ bytes: file.bytes, sha256: file.sha256 })
    }
    expect(manifest.files).toHaveLength(manifest.tables.length + manifest.storedFiles.length)
  }, CLI_DEADLINE_MS + 30_000)

  it('should refuse a folder that is not empty, and a database it cannot reach', async () => {
    await expect(createBackup({ folder: backup, databaseUri: sourceUri, uploads: sourceStores })).rejects.toThrow(/is not empty/)
    const nowhere = path.join(work, 'nowhere')
    await expect(createBackup({ folder: nowhere, databaseUri: 'postgres://postgres:x@127.0.0.1:1/none', uploads: sourceStores })).rejects.toThrow(/Cannot connect to 127\.0\.0\.1:1\/none/)
    expect(fs.existsSync(nowhere), 'a failed backup leaves no folder behind').toBe(false)
  })
})

describe('restore', () => {
  it('should bring back every row, sequence and file byte into an empty database and empty folders', async () => {
    const target = await newDatabase()
    const stores = localStoresIn(path.join(work, 'restored-files'))
    await restoreBackup({ folder: backup, databaseUri: target.uri, uploads: stores, migrations })
    await expectRestored(target.uri)
    await expectSameFiles(stores)
    // The app finds no migration to run: every one of its own is recorded as run.
    const recorded = await withClient(target.uri, async (client) => (await client.query('select name from payload_migrations order by id')).rows.map((row) => row.name))
    expect(recorded).toEqual(migrations.map((migration) => migration.name))
  })

  it('should restore into an empty S3 bucket through npm run restore, and back up from the bucket alike', async () => {
    const target = await newDatabase()
    const restored = await cli('restore', [backup], { DATABASE_URI: target.uri, AQOON_DATA_DIR: path.join(work, 'unused-data'), ...s3.env })
    expect(restored.code, restored.stdout + restored.stderr).toBe(0)
    await expectRestored(target.uri)
    expect(await s3.keys()).toEqual(manifest.storedFiles.map((file) => `${file.collection}/${file.filename}`).sort())
    const client = new S3Client({ endpoint: s3.env.S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: s3.env.S3_ACCESS_KEY_ID!, secretAccessKey: s3.env.S3_SECRET_ACCESS_KEY! } })
    try {
      const inBucket = sourceStores.map((upload) => ({ ...upload, store: s3FileStore({ client, bucket: s3.bucket, prefix: upload.collection }) }))
      await expectSameFiles(inBucket)
      // Served with the document's type: the storage plugin answers downloads with the object's.
      for (const file of manifest.storedFiles) {
        const head = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `${file.collection}/${file.filename}` }))
        expect(head.ContentType, storedFilePath(file)).toBe(file.mimeType)
      }
    } finally {
      client.destroy()
    }

    const second = path.join(work, 'from-the-bucket')
    const backedUp = await cli('backup', [second], { DATABASE_URI: target.uri, ...s3.env })
    expect(backedUp.code, backedUp.stdout + backedUp.stderr).toBe(0)
    const again = JSON.parse(fs.readFileSync(path.join(second, MANIFEST_FILE), 'utf8')) as Manifest
    expect(again.tables.map(({ name, rows }) => ({ name, rows }))).toEqual(manifest.tables.map(({ name, rows }) => ({ name, rows })))
    const stored = (list: Manifest) => list.files.filter((file) => file.path.startsWith('files/'))
    expect(stored(again)).toEqual(stored(manifest))
  }, 2 * CLI_DEADLINE_MS + 30_000)
})

describe('restore refuses', () => {
  let empty: TestDatabase
  let storage: string

  beforeAll(async () => {
    empty = await newDatabase()
    storage = path.join(work, 'refused-files')
    fs.mkdirSync(storage)
  })

  /** Nothing was written: no table, no file. */
  const expectUntouched = async () => {
    expect(await tableCount(empty.uri)).toBe(0)
    expect(fs.readdirSync(storage, { recursive: true }).filter((entry) => fs.statSync(path.join(storage, String(entry))).isFile())).toEqual([])
  }

  const restoreInto = (folder: string, stores = localStoresIn(storage)) => restoreBackup({ folder, databaseUri: empty.uri, uploads: stores, migrations })

  it('should refuse a database that is not empty, with a message and no stack trace', async () => {
    const result = await cli('restore', [backup], { DATABASE_URI: sourceUri, AQOON_DATA_DIR: path.join(work, 'unused-data') })
    expectRefusal(result, /is not empty: its public schema holds .*table\(s\).*DROP SCHEMA public CASCADE/s)
    expect(await contentsOf(sourceUri)).toEqual(original)
  }, CLI_DEADLINE_MS + 30_000)

  it('should refuse storage that already holds one of the files', async () => {
    const file = manifest.storedFiles[0]!
    fs.mkdirSync(path.join(storage, file.collection), { recursive: true })
    fs.writeFileSync(path.join(storage, file.collection, file.filename), 'left over')
    await expect(restoreInto(backup)).rejects.toThrow(new RegExp(`already holds 1 of the backup's files \\(.*${file.filename}\\)`))
    expect(await tableCount(empty.uri)).toBe(0)
    fs.rmSync(path.join(storage, file.collection, file.filename))
  })

  it('should refuse a backup with an altered file or table, naming it, before writing anything', async () => {
    const file = manifest.storedFiles.find((entry) => entry.collection === 'submission-files')!
    const altered = copyOfBackup('altered-file')
    const target = path.join(altered, storedFilePath(file))
    const bytes = fs.readFileSync(target)
    bytes[bytes.length - 2] ^= 1
    fs.writeFileSync(target, bytes)
    await expect(restoreInto(altered)).rejects.toThrow(new RegExp(`do not match their SHA-256 in the manifest \\(${storedFilePath(file)}\\)`))

    const edited = copyOfBackup('altered-table')
    const users = path.join(edited, 'database/users.jsonl')
    fs.writeFileSync(users, fs.readFileSync(users, 'utf8').replace('super-admin', 'super-admix'))
    await expect(restoreInto(edited)).rejects.toThrow(/\(database\/users\.jsonl\)/)

    const added = copyOfBackup('added-file')
    fs.writeFileSync(path.join(added, 'files/media/extra.png'), 'not from the backup')
    await expect(restoreInto(added)).rejects.toThrow(/files its manifest does not list \(files\/media\/extra\.png\)/)

    const removed = copyOfBackup('removed-file')
    fs.rmSync(path.join(removed, storedFilePath(file)))
    await expect(restoreInto(removed)).rejects.toThrow(/is missing 1 of its files/)
    await expectUntouched()
  })

  it('should refuse a backup made with migrations this code does not have', async () => {
    const future = copyOfBackup('from-the-future')
    const edited = { ...manifest, migrations: [...manifest.migrations, '20991231_000000_from_the_future'] }
    fs.writeFileSync(path.join(future, MANIFEST_FILE), JSON.stringify(edited))
    const result = await cli('restore', [future], { DATABASE_URI: empty.uri, AQOON_DATA_DIR: storage })
    expectRefusal(result, /migrations this version of Aqoon does not have \(20991231_000000_from_the_future\)/)
    await expectUntouched()
  }, CLI_DEADLINE_MS + 30_000)

  it('should refuse what is not a backup, and say how to call it', async () => {
    await expect(restoreInto(path.join(work, 'no-such-folder'))).rejects.toThrow(/is not a folder/)
    const unfinished = path.join(work, 'unfinished')
    fs.mkdirSync(unfinished)
    await expect(restoreInto(unfinished)).rejects.toThrow(/holds no manifest\.json/)
    fs.writeFileSync(path.join(unfinished, MANIFEST_FILE), '{"format": "something else"}')
    await expect(restoreInto(unfinished)).rejects.toThrow(/is not an Aqoon backup manifest/)
    await expect(restoreInto(unfinished)).rejects.toBeInstanceOf(BackupError)
    const usage = await cli('restore', [], {})
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/^Usage: npm run restore -- <folder>/)
    await expectUntouched()
  }, CLI_DEADLINE_MS + 30_000)

  it('should leave nothing behind when putting the files back fails half-way', async () => {
    // A file where one collection's folder should be: the other collections' files go in first.
    const broken = path.join(work, 'broken-files')
    fs.mkdirSync(broken)
    fs.writeFileSync(path.join(broken, 'submission-files'), 'in the way')
    await expect(restoreInto(backup, localStoresIn(broken))).rejects.toThrow(/Cannot write .*submission-files/)
    expect(await tableCount(empty.uri)).toBe(0)
    expect(fs.readdirSync(broken, { recursive: true }).filter((entry) => fs.statSync(path.join(broken, String(entry))).isFile())).toEqual(['submission-files'])
  })
})
