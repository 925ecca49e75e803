import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'

import { settings } from '@/settings'

/** How every S3 client of the app connects: the storage plugin's and our own reads. */
export const s3ClientConfig = (): S3ClientConfig => {
  const { region, endpoint, forcePathStyle, accessKeyId, secretAccessKey } = settings.s3
  return {
    region,
    endpoint,
    forcePathStyle,
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    // Newer SDKs add checksums by default that S3-compatible stores (MinIO and others) reject.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  }
}

let client: S3Client | undefined

/** The app's own S3 client (for its reads and the files it keeps itself), made once, when first used. */
export const storageClient = (): S3Client => {
  client ??= new S3Client(s3ClientConfig())
  return client
}
