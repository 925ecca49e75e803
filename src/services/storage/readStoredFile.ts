import { GetObjectCommand } from '@aws-sdk/client-s3'
import fs from 'node:fs/promises'
import path from 'node:path'

import { settings } from '@/settings'

import { storageClient as s3 } from './s3ClientConfig'

/**
 * The bytes of a stored upload, wherever uploads are kept: the bucket (`<collection>/<name>`,
 * as plugins/uploadStorage.ts stores them) or the local folder. Undefined when it is missing.
 */
export const readStoredFile = async (collection: string, filename: string): Promise<Buffer | undefined> => {
  if (path.basename(filename) !== filename) {
    return undefined
  }
  if (settings.s3.bucket) {
    try {
      const object = await s3().send(new GetObjectCommand({ Bucket: settings.s3.bucket, Key: `${collection}/${filename}` }))
      return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : undefined
    } catch {
      return undefined
    }
  }
  return fs.readFile(path.join(settings.dataDir, collection, filename)).catch(() => undefined)
}
