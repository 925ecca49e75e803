import type { S3ClientConfig } from '@aws-sdk/client-s3'

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
