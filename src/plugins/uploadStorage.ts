import type { Config, Field, Plugin } from 'payload'

import { s3Storage, type S3StorageOptions } from '@payloadcms/storage-s3'

import { UPLOAD_COLLECTIONS } from '@/collections/slugs'
import { settings } from '@/settings'

/**
 * Columns the storage plugin adds for its own bookkeeping: `prefix` (a per-document folder)
 * and `_objectKey` (a folder per browser-direct upload). Aqoon uses neither (one fixed folder
 * per collection, uploads pass through the server to be checked), so they stay out of the
 * schema, which then does not depend on whether S3 is on.
 */
const BOOKKEEPING_FIELDS = new Set(['prefix', '_objectKey'])

const withoutBookkeepingFields = (config: Config): Config => ({
  ...config,
  collections: config.collections?.map((collection) =>
    UPLOAD_COLLECTIONS.includes(collection.slug)
      ? { ...collection, fields: collection.fields.filter((field: Field) => !('name' in field && BOOKKEEPING_FIELDS.has(field.name))) }
      : collection,
  ),
})

const { bucket, region, endpoint, accessKeyId, secretAccessKey, forcePathStyle } = settings.s3

/**
 * With `S3_BUCKET` set, every upload collection keeps its files in that bucket, under
 * `<collection>/<filename>`, so collections sharing it never overwrite each other. Files are
 * still downloaded through Payload (`/api/<collection>/file/<name>`), so access control and
 * each collection's response headers apply, and the bucket stays private. Without a bucket
 * nothing changes: files stay on local disk. The plugin is registered either way, so the
 * admin panel's import map is the same with and without S3.
 */
export const uploadStorage: Plugin = async (config) =>
  withoutBookkeepingFields(
    await s3Storage({
      enabled: Boolean(bucket),
      bucket: bucket ?? '',
      collections: Object.fromEntries(UPLOAD_COLLECTIONS.map((slug) => [slug, { prefix: slug }])) as S3StorageOptions['collections'],
      config: {
        region,
        endpoint,
        forcePathStyle,
        ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
        // Newer SDKs add checksums by default that S3-compatible stores (MinIO and others) reject.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      },
    })(config),
  )
