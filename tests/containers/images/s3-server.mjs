// `server <dir>` as MinIO takes it; s3rver keeps each bucket as a folder of <dir>. Like MinIO,
// it accepts requests signed with MINIO_ROOT_USER and MINIO_ROOT_PASSWORD.
import { createRequire } from 'node:module'
import S3rver from 's3rver'

const require = createRequire(import.meta.url)
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account')
if (process.env.MINIO_ROOT_USER && process.env.MINIO_ROOT_PASSWORD) {
  DUMMY_ACCOUNT.createKeyPair(process.env.MINIO_ROOT_USER, process.env.MINIO_ROOT_PASSWORD)
}

const directory = process.argv[process.argv.indexOf('server') + 1] ?? '/data'
// Path-style only: a host such as `s3` is not a bucket's own host name.
const server = new S3rver({ address: '0.0.0.0', port: 9000, silent: false, directory, vhostBuckets: false })
await server.run()
console.log(`s3rver on :9000, data in ${directory}`)
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close().then(() => process.exit(0)))
}
