import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'

import { BackupError, reasonOf } from './backupError'

/** Where one upload collection keeps its files, as backup and restore need it. */
export type FileStore = {
  /** Where a file is, for messages: a path on disk or an s3:// address. */
  where: (filename: string) => string
  /** The file's bytes, or undefined when it is not there. */
  read: (filename: string) => Promise<Readable | undefined>
  has: (filename: string) => Promise<boolean>
  /** Stores the file at `source` under `filename`. */
  write: (args: { filename: string; source: string; bytes: number; mimeType: string | null }) => Promise<void>
  remove: (filename: string) => Promise<void>
}

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'

/** Files in a folder on disk: an upload collection's `staticDir`. */
export const localFileStore = (dir: string): FileStore => {
  const at = (filename: string) => path.join(dir, filename)
  const failed = (what: string, filename: string, error: unknown) => new BackupError(`Cannot ${what} ${at(filename)}: ${reasonOf(error)}`)
  return {
    where: at,
    read: async (filename) => {
      // Opened first, so a missing file is an answer rather than a stream that fails later.
      const handle = await fs.promises.open(at(filename), 'r').catch((error: unknown) => {
        if (isMissing(error)) {
          return undefined
        }
        throw failed('read', filename, error)
      })
      return handle?.createReadStream()
    },
    has: async (filename) => {
      try {
        await fs.promises.lstat(at(filename))
        return true
      } catch (error) {
        if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
          return false
        }
        throw failed('look for', filename, error)
      }
    },
    write: async ({ filename, source }) => {
      try {
        await fs.promises.mkdir(dir, { recursive: true })
        await fs.promises.copyFile(source, at(filename), fs.constants.COPYFILE_EXCL)
      } catch (error) {
        throw failed('write', filename, error)
      }
    },
    remove: async (filename) => {
      await fs.promises.rm(at(filename), { force: true })
    },
  }
}

const notFound = (error: unknown): boolean =>
  error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404 && error.name !== 'NoSuchBucket'

/**
 * Files in an S3 bucket under `<prefix>/<filename>`, as the storage plugin keeps them
 * (src/plugins/uploadStorage.ts). Each object is written with the document's MIME type: the
 * plugin serves downloads with the object's Content-Type.
 */
export const s3FileStore = ({ client, bucket, prefix }: { client: S3Client; bucket: string; prefix: string }): FileStore => {
  const key = (filename: string) => `${prefix}/${filename}`
  const where = (filename: string) => `s3://${bucket}/${key(filename)}`
  const failed = (what: string, filename: string, error: unknown) =>
    new BackupError(`Cannot ${what} ${where(filename)}: ${error instanceof S3ServiceException ? `${error.name} (HTTP ${error.$metadata.httpStatusCode ?? '?'})` : reasonOf(error)}`)
  return {
    where,
    read: async (filename) => {
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key(filename) }))
        if (!(Body instanceof Readable)) {
          throw new Error('the answer has no readable body')
        }
        return Body
      } catch (error) {
        if (notFound(error)) {
          return undefined
        }
        throw failed('read', filename, error)
      }
    },
    has: async (filename) => {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key(filename) }))
        return true
      } catch (error) {
        if (notFound(error)) {
          return false
        }
        throw failed('look for', filename, error)
      }
    },
    write: async ({ filename, source, bytes, mimeType }) => {
      try {
        await client.send(
          new PutObjectCommand({ Bucket: bucket, Key: key(filename), Body: fs.createReadStream(source), ContentLength: bytes, ContentType: mimeType ?? undefined }),
        )
      } catch (error) {
        throw failed('write', filename, error)
      }
    },
    remove: async (filename) => {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key(filename) }))
    },
  }
}
