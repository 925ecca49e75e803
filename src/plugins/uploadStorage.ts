import type { CollectionBeforeChangeHook, Config, Field, Plugin } from 'payload'

import { s3Storage, type S3StorageOptions } from '@payloadcms/storage-s3'

import { UPLOAD_COLLECTIONS } from '@/shared/slugs'
import { s3ClientConfig } from '@/services/storage/s3ClientConfig'
import { settings } from '@/settings'

/**
 * Columns the storage plugin adds for its own bookkeeping: `prefix` (each document's folder,
 * added with the `prefix` option) and `_objectKey` (a folder per browser-direct upload). Here
 * every document of a collection has the same folder and uploads pass through the server to be
 * checked, so neither is needed; the plugin reads them as empty and keys objects
 * `<collection>/<filename>`. Leaving them out keeps the schema the same with S3 on or off.
 */
const BOOKKEEPING_FIELDS = new Set(['prefix', '_objectKey'])

/**
 * The plugin keeps the request's file in `req.context` for its upload after the write (nested
 * Local API calls, such as audit entries, clear `req.file` in between), but only the first one:
 * a request storing several files (a hand-in with several) would upload the first file's bytes
 * under every name. Runs before the plugin's hook, so each new file replaces the kept one.
 */
const keepEachFile: CollectionBeforeChangeHook = ({ data, req }) => {
  if (req.file) {
    delete req.context._payloadCloudStorage
  }
  return data
}

const adjustStoredCollections = (config: Config): Config => ({
  ...config,
  collections: config.collections?.map((collection) =>
    UPLOAD_COLLECTIONS.includes(collection.slug)
      ? {
          ...collection,
          fields: collection.fields.filter((field: Field) => !('name' in field && BOOKKEEPING_FIELDS.has(field.name))),
          hooks: { ...collection.hooks, beforeChange: [keepEachFile, ...(collection.hooks?.beforeChange ?? [])] },
        }
      : collection,
  ),
})

const { bucket } = settings.s3

/**
 * With `S3_BUCKET` set, every upload collection keeps its files in that bucket, under
 * `<collection>/<filename>`, so collections sharing it never overwrite each other. Files are
 * still downloaded through Payload (`/api/<collection>/file/<name>`), so access control and
 * each collection's response headers apply, and the bucket stays private. Without a bucket
 * nothing changes: files stay on local disk. The plugin is registered either way, so the
 * admin panel's import map is the same with and without S3.
 */
export const uploadStorage: Plugin = async (config) =>
  adjustStoredCollections(
    await s3Storage({
      enabled: Boolean(bucket),
      bucket: bucket ?? '',
      collections: Object.fromEntries(UPLOAD_COLLECTIONS.map((slug) => [slug, { prefix: slug }])) as S3StorageOptions['collections'],
      config: s3ClientConfig(),
    })(config),
  )
