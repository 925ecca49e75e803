import fs from 'node:fs'
import path from 'node:path'

import { version } from '@/version'

import type { FileDigest } from './fileDigest'
import type { UploadStore } from './uploadStores'

import { BackupError } from './backupError'
import { connectTo } from './database'
import { dumpDatabase, type Snapshot } from './dumpDatabase'
import { writeDigested } from './fileDigest'
import { forEachConcurrently } from './forEachConcurrently'
import { type Manifest, storedFilePath, writeManifest } from './manifest'

type Args = {
  /** A new or empty folder. */
  folder: string
  databaseUri: string
  uploads: UploadStore[]
  log?: (line: string) => void
}

/** Files copied from storage at a time. */
const FILE_CONCURRENCY = 8

/** Makes the folder, or takes it when it exists and is empty; answers whether it was made here. */
const prepareFolder = async (folder: string): Promise<boolean> => {
  const stat = await fs.promises.stat(folder).catch(() => undefined)
  if (!stat) {
    await fs.promises.mkdir(folder, { recursive: true, mode: 0o700 })
    return true
  }
  if (!stat.isDirectory()) {
    throw new BackupError(`${folder} is a file. Give a new (or empty) folder to back up into.`)
  }
  if ((await fs.promises.readdir(folder)).length > 0) {
    throw new BackupError(`${folder} is not empty. Give a new (or empty) folder to back up into: a backup never overwrites another.`)
  }
  return false
}

/** Copies the files the snapshot names out of their storage; a file missing there is reported, not fatal. */
const copyStoredFiles = async ({ folder, uploads, snapshot, log }: { folder: string; uploads: UploadStore[]; snapshot: Snapshot; log: (line: string) => void }) => {
  const stores = new Map(uploads.map((upload) => [upload.collection, upload.store]))
  const copied: Manifest['storedFiles'] = []
  const missing: Manifest['missingFiles'] = []
  const written = new Map<string, FileDigest>()
  for (const collection of new Set(snapshot.storedFiles.map((file) => file.collection))) {
    await fs.promises.mkdir(path.join(folder, 'files', collection), { recursive: true, mode: 0o700 })
  }
  await forEachConcurrently(snapshot.storedFiles, FILE_CONCURRENCY, async (file) => {
    const store = stores.get(file.collection)!
    const source = await store.read(file.filename)
    if (!source) {
      log(`warning: ${store.where(file.filename)} is missing; a document of ${file.collection} names it`)
      missing.push({ collection: file.collection, filename: file.filename })
      return
    }
    written.set(storedFilePath(file), await writeDigested(source, path.join(folder, storedFilePath(file))))
    copied.push(file)
  })
  return { copied, missing, written }
}

/**
 * Backs up the database and every upload file its documents name into `folder`: the rows of one
 * consistent snapshot, the files as they are just after it, and `manifest.json` (written last)
 * with the migrations, the counts per table and the SHA-256 of every file. A failure removes
 * what was written, so a folder is a whole backup or none.
 */
export const createBackup = async ({ folder, databaseUri, uploads, log = () => undefined }: Args): Promise<Manifest> => {
  const made = await prepareFolder(folder)
  try {
    const client = await connectTo(databaseUri)
    let snapshot: Snapshot
    try {
      snapshot = await dumpDatabase({ client, folder, uploads })
    } finally {
      await client.end().catch(() => undefined)
    }
    const rows = snapshot.tables.reduce((sum, table) => sum + table.rows, 0)
    log(`database: ${snapshot.tables.length} tables, ${rows} rows, as of ${snapshot.createdAt}`)
    const { copied, missing, written } = await copyStoredFiles({ folder, uploads, snapshot, log })
    log(`files: ${copied.length} copied${missing.length ? `, ${missing.length} missing from storage` : ''}`)
    const files = [...snapshot.written, ...written].map(([file, digest]) => ({ path: file, ...digest }))
    const manifest: Manifest = {
      format: 'aqoon-backup',
      version: 1,
      createdAt: snapshot.createdAt,
      appVersion: version,
      postgresVersion: snapshot.postgresVersion,
      migrations: snapshot.migrations,
      tables: snapshot.tables,
      sequences: snapshot.sequences,
      storedFiles: copied.sort((a, b) => storedFilePath(a).localeCompare(storedFilePath(b))),
      missingFiles: missing,
      files: files.sort((a, b) => a.path.localeCompare(b.path)),
    }
    await writeManifest(folder, manifest)
    return manifest
  } catch (error) {
    // Only what this backup wrote: the folder was new or empty.
    await (made ? fs.promises.rm(folder, { recursive: true, force: true }) : Promise.all(['database', 'files', 'manifest.json'].map((entry) => fs.promises.rm(path.join(folder, entry), { recursive: true, force: true }))))
    throw error
  }
}
