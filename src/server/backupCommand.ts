import config from '@payload-config'
import { S3Client } from '@aws-sdk/client-s3'
import path from 'node:path'

import type { RunningPostgres } from '@/services/database/embeddedPostgres'

import { migrations } from '@/migrations'
import { BackupError } from '@/services/backup/backupError'
import { createBackup } from '@/services/backup/createBackup'
import { restoreBackup } from '@/services/backup/restoreBackup'
import { uploadStores } from '@/services/backup/uploadStores'
import { RECORDINGS_PREFIX } from '@/domain/live/recordings'
import { RECORDINGS } from '@/shared/slugs'
import { ensureDatabase } from '@/services/database/ensureDatabase'
import { s3ClientConfig } from '@/services/storage/s3ClientConfig'
import { settings } from '@/settings'

type Command = 'backup' | 'restore'


/** Recordings' files are the app's own, not uploads: backed up and restored with their rows all the same. */
const KEPT_FILES = [{ collection: RECORDINGS, prefix: RECORDINGS_PREFIX, dir: path.join(settings.dataDir, RECORDINGS_PREFIX) }]
const USAGE: Record<Command, string> = {
  backup: 'npm run backup -- <folder>   (a new or empty folder)',
  restore: 'npm run restore -- <folder>  (a folder `npm run backup` made; the database and file storage must be empty)',
}

/** A refusal, or the world's doing (a full disk, a folder it may not write): the message is the whole story, no stack trace. */
const isExpected = (error: unknown): boolean =>
  error instanceof BackupError || (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'syscall' in error)

/**
 * `npm run backup -- <folder>` and `npm run restore -- <folder>` (scripts/backup.ts, scripts/restore.ts):
 * the database of DATABASE_URI (the embedded one when unset) and the upload storage the app is
 * configured with (S3_BUCKET, or folders under AQOON_DATA_DIR). Answers the exit code: 0 done,
 * 1 refused or failed (the reason printed), 2 used wrongly.
 */
export const runBackupCommand = async ({ command, args }: { command: Command; args: string[] }): Promise<number> => {
  const log = (line: string) => console.log(`[${command}] ${line}`)
  if (args.length !== 1 || args[0]!.startsWith('-')) {
    console.error(`Usage: ${USAGE[command]}`)
    return 2
  }
  // npm runs scripts from the project's folder; a relative path means the operator's.
  const folder = path.resolve(process.env.INIT_CWD ?? process.cwd(), args[0]!)
  let database: RunningPostgres | undefined
  let client: S3Client | undefined
  try {
    database = await ensureDatabase()
    const { bucket } = settings.s3
    client = bucket ? new S3Client(s3ClientConfig()) : undefined
    const uploads = uploadStores({ config: await config, s3: client && bucket ? { client, bucket } : undefined, kept: KEPT_FILES })
    log(`${settings.databaseUri ? 'DATABASE_URI' : 'the embedded database'}, files ${bucket ? `in the bucket ${bucket}` : `under ${settings.dataDir}`}`)
    if (command === 'backup') {
      const manifest = await createBackup({ folder, databaseUri: database.uri, uploads, log })
      log(`done: ${folder} (${manifest.files.length} files). It holds personal data and secrets: encrypt it and keep it where few may read it.`)
    } else {
      const manifest = await restoreBackup({ folder, databaseUri: database.uri, uploads, migrations, log })
      const newer = migrations.length - manifest.migrations.length
      log(`done: the backup of ${manifest.createdAt} is restored.${newer > 0 ? ` ${newer} newer migration(s) run when the app starts.` : ''}`)
    }
    return 0
  } catch (error) {
    console.error(`[${command}] ${command} failed: ${error instanceof Error ? error.message : String(error)}`)
    if (!isExpected(error)) {
      console.error(error)
    }
    return 1
  } finally {
    client?.destroy()
    await database?.stop().catch(() => undefined)
  }
}
