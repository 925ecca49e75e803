import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

import { BackupError, reasonOf } from './backupError'

export const MANIFEST_FILE = 'manifest.json'

/** One name of a path: no separators, not `.` or `..`, so a manifest cannot point outside its folder. */
const plainName = z.string().regex(/^[^/\\\0]+$/).refine((name) => name !== '.' && name !== '..', 'not a plain name')

const column = z.object({ name: z.string(), type: z.string() })

const manifestSchema = z.object({
  format: z.literal('aqoon-backup'),
  version: z.literal(1),
  /** When the database snapshot was taken, by the database's clock: what the backup holds is from then. */
  createdAt: z.iso.datetime({ offset: true }),
  appVersion: z.string(),
  postgresVersion: z.string(),
  /** The migrations the database had run, in the order it ran them: the schema the rows fit. */
  migrations: z.array(z.string()),
  tables: z.array(z.object({ name: z.string().min(1), rows: z.number().int().nonnegative(), columns: z.array(column) })),
  /** Every sequence's state; restore takes it for sequences no column owns (owned ones follow their column). */
  sequences: z.array(z.object({ name: z.string(), lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() })),
  /** The upload files the snapshot's documents name, each copied to `files/<collection>/<filename>`. */
  storedFiles: z.array(z.object({ collection: plainName, filename: plainName, mimeType: z.string().nullable() })),
  /** Files documents name that were not in storage when the backup was made. */
  missingFiles: z.array(z.object({ collection: z.string(), filename: z.string() })),
  /** Every file of the backup but this one, with its size and SHA-256. */
  files: z.array(z.object({ path: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
})

export type Manifest = z.infer<typeof manifestSchema>
export type TableColumn = z.infer<typeof column>

/** Where a table's rows are in a backup: one JSON array of column texts per line. */
export const tableFile = (table: string): string => `database/${encodeURIComponent(table)}.jsonl`

/** Where an upload file is in a backup. */
export const storedFilePath = (file: { collection: string; filename: string }): string => `files/${file.collection}/${file.filename}`

/** Written last: a folder without it is a backup that did not finish. */
export const writeManifest = async (folder: string, manifest: Manifest): Promise<void> => {
  await fs.promises.writeFile(path.join(folder, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { flag: 'wx', mode: 0o600 })
}

/** The manifest of the backup in `folder`, refused with the reason when it is missing or not one of ours. */
export const readManifest = async (folder: string): Promise<Manifest> => {
  const file = path.join(folder, MANIFEST_FILE)
  const stat = await fs.promises.stat(folder).catch(() => undefined)
  if (!stat?.isDirectory()) {
    throw new BackupError(`${folder} is not a folder. Give the folder a backup was made into.`)
  }
  let text: string
  try {
    text = await fs.promises.readFile(file, 'utf8')
  } catch (error) {
    throw new BackupError(
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `${folder} holds no ${MANIFEST_FILE}: it is not a backup, or its backup did not finish (the manifest is written last).`
        : `Cannot read ${file}: ${reasonOf(error)}`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new BackupError(`${file} is not valid JSON (${reasonOf(error)}); the backup is damaged.`)
  }
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`)
    throw new BackupError(`${file} is not an Aqoon backup manifest (format aqoon-backup, version 1): ${problems.join('; ')}.`)
  }
  return parsed.data
}
