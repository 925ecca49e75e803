/**
 * One copy of one recording file, in a process of its own so its peak memory is its own:
 * `streamed` is the app's path (Zoom client download → storage, hashed on the way, then read
 * back and hashed again), `buffered` the naive one (the whole file into memory, then one
 * PutObject), `ceiling` the download alone, read and dropped (what loopback and the stand-in
 * allow). Prints one line of JSON.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import crypto from 'node:crypto'
import { performance } from 'node:perf_hooks'

import { objectDigest, putObjectStream } from '@/services/storage/objects'
import { s3ClientConfig } from '@/services/storage/s3ClientConfig'
import { createZoomClient } from '@/services/zoom'

const env = process.env
const mode = env.COPY_MODE as 'streamed' | 'buffered' | 'ceiling'
const zoom = createZoomClient({ accountId: env.ZOOM_ACCOUNT!, clientId: env.ZOOM_CLIENT!, clientSecret: env.ZOOM_SECRET! })
const input = { meetingId: env.MEETING_UUID!, downloadUrl: env.DOWNLOAD_URL!, downloadToken: env.DOWNLOAD_TOKEN! }
const key = `recordings/bench/${mode}-${crypto.randomBytes(4).toString('hex')}.mp4`

const started = performance.now()
let size = 0
let sha256 = ''
if (mode === 'streamed') {
  const download = await zoom.downloadRecordingFile(input)
  const stored = await putObjectStream(key, download.stream, 'video/mp4')
  const check = await objectDigest(key)
  if (check?.sha256 !== stored.sha256) {
    throw new Error('read back differs')
  }
  ;({ size, sha256 } = stored)
} else if (mode === 'buffered') {
  const download = await zoom.downloadRecordingFile(input)
  const chunks: Buffer[] = []
  for await (const chunk of download.stream) {
    chunks.push(chunk as Buffer)
  }
  const body = Buffer.concat(chunks)
  chunks.length = 0
  await new S3Client(s3ClientConfig()).send(new PutObjectCommand({ Bucket: env.S3_BUCKET!, Key: key, Body: body, ContentType: 'video/mp4' }))
  size = body.length
  sha256 = crypto.createHash('sha256').update(body).digest('hex')
} else {
  const download = await zoom.downloadRecordingFile(input)
  const hash = crypto.createHash('sha256')
  for await (const chunk of download.stream) {
    hash.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  sha256 = hash.digest('hex')
}
const seconds = (performance.now() - started) / 1000
// maxRSS is in KiB: the most this process ever held, baseline (Node, the SDKs) included.
console.log(JSON.stringify({ mode, size, sha256, seconds: Math.round(seconds * 100) / 100, mibPerSecond: Math.round((size / 2 ** 20 / seconds) * 10) / 10, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }))
