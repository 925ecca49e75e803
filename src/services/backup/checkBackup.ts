import fs from 'node:fs'
import path from 'node:path'

import { BackupError } from './backupError'
import { digestOf } from './fileDigest'
import { forEachConcurrently } from './forEachConcurrently'
import { type Manifest, MANIFEST_FILE, readManifest, storedFilePath, tableFile } from './manifest'

type Args = {
  folder: string
  /** The migrations this code has. */
  migrations: readonly string[]
  /** The upload collections this code has. */
  collections: readonly string[]
}

/** Files hashed at a time. */
const HASH_CONCURRENCY = 4

const listed = (names: string[]) => `${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`

/** Every entry under the folder but the manifest, as paths relative to it; anything but plain files and folders is refused. */
const entriesOf = async (folder: string): Promise<string[]> => {
  const found: string[] = []
  for (const entry of await fs.promises.readdir(folder, { recursive: true, withFileTypes: true })) {
    const relative = path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')
    if (entry.isFile()) {
      if (relative !== MANIFEST_FILE) {
        found.push(relative)
      }
    } else if (!entry.isDirectory()) {
      throw new BackupError(`${path.join(folder, relative)} is not a plain file or folder; a backup holds nothing else.`)
    }
  }
  return found
}

/**
 * Reads the manifest of the backup in `folder` and checks that this code can restore it (it
 * knows every migration and upload collection the backup has) and that the folder holds exactly
 * the files the manifest lists. Their contents are `checkChecksums`'s: it reads everything.
 */
export const checkBackup = async ({ folder, migrations, collections }: Args): Promise<Manifest> => {
  const manifest = await readManifest(folder)
  const known = new Set(migrations)
  const unknown = manifest.migrations.filter((name) => !known.has(name))
  if (unknown.length > 0) {
    throw new BackupError(
      `The backup's database had run migrations this version of Aqoon does not have (${listed(unknown)}): it was made by a newer or different version. Restore it with the version that made it (${manifest.appVersion}) or a later one.`,
    )
  }
  const strangers = [...new Set(manifest.storedFiles.map((file) => file.collection))].filter((collection) => !collections.includes(collection))
  if (strangers.length > 0) {
    throw new BackupError(`The backup holds files of collections this version of Aqoon does not have: ${listed(strangers)}.`)
  }
  const expected = [...manifest.tables.map((table) => tableFile(table.name)), ...manifest.storedFiles.map(storedFilePath)]
  const sums = new Map(manifest.files.map((file) => [file.path, file]))
  const unsummed = expected.filter((file) => !sums.has(file))
  if (unsummed.length > 0 || sums.size !== manifest.files.length || sums.size !== expected.length) {
    throw new BackupError(`${MANIFEST_FILE} in ${folder} does not list one checksum for each of its tables and files${unsummed.length ? ` (none for ${listed(unsummed)})` : ''}; the backup is damaged.`)
  }
  const present = new Set(await entriesOf(folder))
  const missing = expected.filter((file) => !present.has(file))
  if (missing.length > 0) {
    throw new BackupError(`The backup in ${folder} is missing ${missing.length} of its files (${listed(missing)}); it is incomplete and cannot be restored.`)
  }
  const extra = [...present].filter((file) => !sums.has(file))
  if (extra.length > 0) {
    throw new BackupError(`The backup in ${folder} holds files its manifest does not list (${listed(extra)}); it was altered. Restore from an untouched copy.`)
  }
  return manifest
}

/** Refuses a backup any of whose files differs from its size and SHA-256 in the manifest: a damaged or altered backup is refused whole. */
export const checkChecksums = async ({ folder, manifest }: { folder: string; manifest: Manifest }): Promise<void> => {
  const damaged: string[] = []
  await forEachConcurrently(manifest.files, HASH_CONCURRENCY, async (file) => {
    const digest = await digestOf(path.join(folder, file.path))
    if (digest.sha256 !== file.sha256 || digest.bytes !== file.bytes) {
      damaged.push(file.path)
    }
  })
  if (damaged.length > 0) {
    throw new BackupError(
      `${damaged.length} file(s) of the backup in ${folder} do not match their SHA-256 in the manifest (${listed(damaged.sort())}): the backup is damaged or was altered. Nothing was restored; restore from another copy.`,
    )
  }
}
