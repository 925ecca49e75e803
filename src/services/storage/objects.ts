import { DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PassThrough, type Readable, Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

import { settings } from '@/settings'

import { storageClient as s3 } from './s3ClientConfig'

/**
 * Large files the app keeps itself (recordings), streamed in and out: never held whole in
 * memory. In the bucket when S3 is configured, else under the data folder; keys are made by the
 * app (`recordings/<school>/<class>/<file>`), never by a caller.
 */


/** A multipart part is held in memory while it is sent: two of 8 MiB at most. */
const PART_BYTES = 8 * 1024 * 1024
const PARTS_IN_FLIGHT = 2

const KEY = /^[a-z0-9-]+(\/[A-Za-z0-9._-]+)+$/

const checkKey = (key: string): string => {
  if (!KEY.test(key) || key.split('/').some((part) => part === '.' || part === '..')) {
    throw new TypeError(`Not a storage key the app makes: ${key}`)
  }
  return key
}

const localPath = (key: string) => path.join(settings.dataDir, ...checkKey(key).split('/'))

export type StoredObject = { size: number; sha256: string }

/** Counts and hashes what passes through. */
const measuring = () => {
  const hash = crypto.createHash('sha256')
  let size = 0
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      size += chunk.length
      done(null, chunk)
    },
  })
  return { stream, result: (): StoredObject => ({ size, sha256: hash.digest('hex') }) }
}

/** Stores `source` under `key` as it arrives, and says its size and SHA-256. A failed source stores nothing. */
export const putObjectStream = async (key: string, source: Readable, contentType: string): Promise<StoredObject> => {
  const measure = measuring()
  if (settings.s3.bucket) {
    const body = new PassThrough()
    const upload = new Upload({ client: s3(), params: { Bucket: settings.s3.bucket, Key: checkKey(key), Body: body, ContentType: contentType }, partSize: PART_BYTES, queueSize: PARTS_IN_FLIGHT, leavePartsOnError: false })
    const done = upload.done()
    const piped = pipeline(source, measure.stream, body)
    try {
      // Both at once: an upload that fails stops reading `body`, and the pipeline would wait forever.
      await Promise.all([piped, done])
    } catch (error) {
      body.destroy(error as Error)
      source.destroy()
      await upload.abort().catch(() => undefined)
      await Promise.allSettled([piped, done])
      throw error
    }
    return measure.result()
  }
  const target = localPath(key)
  await fs.promises.mkdir(path.dirname(target), { recursive: true })
  // Written beside, then renamed: a reader never sees half a file, a failure leaves none.
  const partial = `${target}.${crypto.randomBytes(6).toString('hex')}.part`
  try {
    await pipeline(source, measure.stream, fs.createWriteStream(partial))
    await fs.promises.rename(partial, target)
  } catch (error) {
    await fs.promises.rm(partial, { force: true })
    throw error
  }
  return measure.result()
}

export type ObjectRange = { start: number; end: number }

/** A stored object's bytes (or a range of them), streamed; undefined when it is missing. */
export const openObjectStream = async (key: string, range?: ObjectRange): Promise<{ stream: Readable; size: number } | undefined> => {
  if (settings.s3.bucket) {
    try {
      const object = await s3().send(new GetObjectCommand({ Bucket: settings.s3.bucket, Key: checkKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }))
      if (!object.Body) {
        return undefined
      }
      return { stream: object.Body as Readable, size: Number(object.ContentLength ?? 0) }
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey' || (error as { name?: string }).name === 'InvalidRange' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
        return undefined
      }
      throw error
    }
  }
  const file = localPath(key)
  const stat = await fs.promises.stat(file).catch(() => undefined)
  if (!stat) {
    return undefined
  }
  return { stream: fs.createReadStream(file, range ? { start: range.start, end: range.end } : {}), size: range ? range.end - range.start + 1 : stat.size }
}

/** The SHA-256 of a stored object, read back from the store in a stream; undefined when it is missing. */
export const objectDigest = async (key: string, onChunk?: (chunk: Buffer) => void): Promise<StoredObject | undefined> => {
  const opened = await openObjectStream(key)
  if (!opened) {
    return undefined
  }
  const measure = measuring()
  await pipeline(
    opened.stream,
    measure.stream,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        onChunk?.(chunk)
        done()
      },
    }),
  )
  return measure.result()
}

/** Removes a stored object; one already gone is fine. */
export const removeObject = async (key: string): Promise<void> => {
  if (settings.s3.bucket) {
    await s3().send(new DeleteObjectCommand({ Bucket: settings.s3.bucket, Key: checkKey(key) }))
    return
  }
  await fs.promises.rm(localPath(key), { force: true })
}

