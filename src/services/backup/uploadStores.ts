import type { S3Client } from '@aws-sdk/client-s3'
import type { SanitizedConfig } from 'payload'

import path from 'node:path'

import { type FileStore, localFileStore, s3FileStore } from './fileStores'

/** An upload collection, the table its documents (and file names) are in, and where its files are. */
export type UploadStore = { collection: string; table: string; store: FileStore }

/** Files the app keeps itself, beside a collection's rows (recordings): the table's `filename` names each under `prefix`. */
export type KeptFiles = { collection: string; prefix: string; dir: string }

type Args = {
  config: SanitizedConfig
  /** The configured bucket, when there is one. */
  s3?: { client: S3Client; bucket: string }
  /** Collections whose files the app stores itself (not as uploads): in the bucket under `prefix`, else in `dir`. */
  kept?: KeptFiles[]
}

/**
 * Every upload collection of the config and where its files are: a collection the S3 storage
 * plugin took over (it turns off the collection's local storage) in the bucket under
 * `<collection>/<filename>`, as src/plugins/uploadStorage.ts configures it; any other in its
 * `staticDir` on disk. Read from the config, so a new upload collection is backed up unasked.
 */
export const uploadStores = ({ config, s3, kept = [] }: Args): UploadStore[] => [
  ...config.collections
    .filter((collection) => collection.upload)
    .map(({ slug, dbName, upload }) => {
      if (upload.disableLocalStorage && !s3) {
        throw new Error(`The files of ${slug} are kept by a storage plugin, but no S3 bucket is configured.`)
      }
      return {
        collection: slug,
        // Payload's table name: the collection's dbName, or its slug in snake case.
        table: typeof dbName === 'string' ? dbName : slug.replaceAll('-', '_'),
        store: upload.disableLocalStorage && s3 ? s3FileStore({ ...s3, prefix: slug }) : localFileStore(path.resolve(upload.staticDir ?? slug)),
      }
    }),
  ...kept.map(({ collection, prefix, dir }) => ({
    collection,
    table: collection.replaceAll('-', '_'),
    store: s3 ? s3FileStore({ ...s3, prefix }) : localFileStore(path.resolve(dir)),
  })),
]
