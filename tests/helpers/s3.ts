import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'

export type S3 = {
  bucket: string
  /** The S3_* settings that point the app at this server. */
  env: Record<string, string>
  /** Every key in the bucket, read with the SDK straight from the server. */
  keys: () => Promise<string[]>
  close: () => Promise<void>
}

/** s3rver checks every request's signature against its one key pair, S3RVER / S3RVER, as S3 checks a real key. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

/**
 * A real S3 API (s3rver) on a free loopback port, keeping its objects in a fresh temporary
 * folder, with one empty bucket. `close` stops it and removes the folder.
 */
export const startS3 = async (): Promise<S3> => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'aqoon-s3-'))
  const bucket = 'aqoon-test'
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] })
  const { port } = await server.run()
  const endpoint = `http://127.0.0.1:${port}`
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS })
  const keys = async () => {
    const found: string[] = []
    let token: string | undefined
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }))
      found.push(...(page.Contents ?? []).map((object) => object.Key ?? ''))
      token = page.NextContinuationToken
    } while (token)
    return found.sort()
  }
  return {
    bucket,
    env: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    },
    keys,
    close: async () => {
      client.destroy()
      await server.close()
      fs.rmSync(directory, { recursive: true, force: true })
    },
  }
}
