/**
 * Copying a Zoom recording into S3 (s3rver): peak memory and speed of the app's streamed copy
 * against the naive copy that holds the file in memory, and against the download alone. The
 * Zoom stand-in and s3rver run in this process; each copy runs in a process of its own.
 * `RECORDING_MIB` sets the file's size (default 512).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { startZoomStandIn, zoomTestAccount } from '../../tests/stand-ins/zoom'
import { createZoomClient } from '../../src/services/zoom'
import { intFromEnv, loadAverage, writeRunRecord } from '../shared/runInfo'

const startedAt = Date.now()
const mib = intFromEnv(process.env.RECORDING_MIB, 512)
const account = zoomTestAccount({ hosts: 1 })
const zoom = await startZoomStandIn({ accounts: [account] })
const s3Folder = fs.mkdtempSync(path.join(os.tmpdir(), 'aqoon-bench-s3-'))
const s3Server = spawn(process.execPath, [path.join(import.meta.dirname, 's3server.mjs'), s3Folder], { stdio: ['ignore', 'pipe', 'inherit'] })
// Never left behind, whatever ends this run.
process.on('exit', () => s3Server.kill('SIGKILL'))
const s3Port = await new Promise<number>((resolve, reject) => {
  s3Server.stdout.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { port: number }).port))
  s3Server.once('exit', (code) => reject(new Error(`s3rver stopped (exit ${code})`)))
})
const s3 = {
  env: { S3_BUCKET: 'aqoon-bench', S3_ENDPOINT: `http://127.0.0.1:${s3Port}`, S3_REGION: 'us-east-1', S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true' },
  close: async () => {
    s3Server.kill('SIGKILL')
    fs.rmSync(s3Folder, { recursive: true, force: true })
  },
}
const client = createZoomClient({ accountId: account.accountId, clientId: account.clientId, clientSecret: account.clientSecret, apiBase: zoom.apiBase, oauthBase: zoom.baseUrl })
const meeting = await client.createMeeting({ userId: account.users[1]!.id, meeting: { topic: 'Bench', type: 2, start_time: new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'), duration: 60 } })
await zoom.startMeeting(meeting.id)
const ended = await zoom.endMeeting(meeting.id, { record: { mp4Bytes: mib * 2 ** 20 } })
const recordings = await client.getRecordings({ meetingId: ended.instanceUuid })
const video = recordings.recording_files.find((file) => file.file_type === 'MP4')!
const expected = zoom.recordingFile(video.id)!

type Result = { mode: string; size: number; sha256: string; seconds: number; mibPerSecond: number; peakRssMiB: number }

const copy = (mode: string): Promise<Result> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'copy.ts')], {
      env: {
        ...process.env,
        ...s3.env,
        COPY_MODE: mode,
        ZOOM_API_BASE: zoom.apiBase,
        ZOOM_OAUTH_BASE: zoom.baseUrl,
        ZOOM_ACCOUNT: account.accountId,
        ZOOM_CLIENT: account.clientId,
        ZOOM_SECRET: account.clientSecret,
        MEETING_UUID: ended.instanceUuid,
        DOWNLOAD_URL: video.download_url,
        DOWNLOAD_TOKEN: ended.downloadToken as string,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    // Bounded: a copy that hangs fails the run instead of holding it.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10 * 60_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      const line = out.trim().split('\n').at(-1) ?? ''
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`${mode} copy failed (exit ${code}): ${out}`))
        return
      }
      resolve(JSON.parse(line) as Result)
    })
  })

const results: Result[] = []
for (const mode of ['ceiling', 'streamed', 'buffered']) {
  const result = await copy(mode)
  if (result.size !== expected.size || result.sha256 !== expected.sha256) {
    throw new Error(`${mode}: ${result.size} bytes, ${result.sha256}; Zoom's file is ${expected.size} bytes, ${expected.sha256}`)
  }
  results.push(result)
  console.log(`${mode.padEnd(9)} ${result.seconds}s  ${result.mibPerSecond} MiB/s  peak RSS ${result.peakRssMiB} MiB`)
}
const streamed = results.find((r) => r.mode === 'streamed')!
const ceiling = results.find((r) => r.mode === 'ceiling')!
const buffered = results.find((r) => r.mode === 'buffered')!
const summary = {
  fileMiB: mib,
  results,
  streamedExtraRssOverDownloadMiB: streamed.peakRssMiB - ceiling.peakRssMiB,
  bufferedExtraRssOverDownloadMiB: buffered.peakRssMiB - ceiling.peakRssMiB,
  loadAverage: loadAverage(),
}
console.log(JSON.stringify(summary, null, 2))
console.log(`written ${writeRunRecord(path.join(import.meta.dirname, 'last-run.json'), summary, startedAt)}`)
await zoom.close()
await s3.close()
