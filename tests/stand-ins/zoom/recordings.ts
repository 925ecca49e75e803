import crypto from 'node:crypto'
import type http from 'node:http'

import type { Instance, MeetingRecord } from './meetings'
import { isoSeconds, type Reply, zoomError } from './wire'

export type RecordingFileRecord = {
  id: string
  meetingUuid: string
  fileType: 'MP4' | 'M4A' | 'TRANSCRIPT'
  extension: 'MP4' | 'M4A' | 'VTT'
  recordingType: string
  size: number
  start: number
  end: number
  /** The last part of the download URL. */
  downloadKey: string
  /** The transcript's text; audio and video bytes are made as they are sent. */
  text?: Buffer
  deleted: boolean
}

export type RecordingSet = { accountId: string; meeting: MeetingRecord; instance: Instance; files: RecordingFileRecord[]; trashed: boolean }

export type RecordOptions = {
  /** Size of the video file. @default 1.5 MiB */
  mp4Bytes?: number
  /** Size of the audio-only file. @default 256 KiB */
  m4aBytes?: number
  /** Add the audio transcript (VTT). @default true */
  transcript?: boolean
}

/** A download that breaks partway: `cut` drops the connection, `stall` stops sending and keeps it open. */
export type BrokenDownload = { afterBytes: number; how: 'cut' | 'stall' }

const CHUNK = 64 * 1024
const CONTENT_TYPES = { MP4: 'video/mp4', M4A: 'audio/mp4', VTT: 'text/vtt' }
/** How long the signed address a download redirects to works. */
const SIGNED_URL_SECONDS = 60

/** Audio and video bytes: a keystream from the file id, the same every time, made in chunks so no file is held whole. */
function* mediaChunks(file: RecordingFileRecord): Generator<Buffer> {
  const key = crypto.createHash('sha256').update(file.id).digest().subarray(0, 16)
  const cipher = crypto.createCipheriv('aes-128-ctr', key, Buffer.alloc(16))
  for (let sent = 0; sent < file.size; sent += CHUNK) {
    yield cipher.update(Buffer.alloc(Math.min(CHUNK, file.size - sent)))
  }
}

function* chunksOf(file: RecordingFileRecord): Generator<Buffer> {
  if (file.text) {
    for (let offset = 0; offset < file.text.length; offset += CHUNK) {
      yield file.text.subarray(offset, offset + CHUNK)
    }
    return
  }
  yield* mediaChunks(file)
}

/** A WebVTT transcript naming who was there, as Zoom's audio transcript does. */
const transcriptOf = (instance: Instance): Buffer => {
  const names = [...new Set(instance.segments.map((segment) => segment.person.name))]
  const cues = (names.length ? names : ['Host']).map((name, index) => {
    const start = index * 5
    const stamp = (seconds: number) => `00:${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}.000`
    return `${index + 1}\n${stamp(start)} --> ${stamp(start + 4)}\n${name}: Good morning, everyone.\n`
  })
  return Buffer.from(`WEBVTT\n\n${cues.join('\n')}`, 'utf8')
}

const waitFor = (res: http.ServerResponse, event: 'drain' | 'close'): Promise<void> =>
  new Promise((resolve) => {
    if (res.destroyed) {
      resolve()
      return
    }
    const done = () => {
      res.off(event, done)
      res.off('close', done)
      resolve()
    }
    res.once(event, done)
    res.once('close', done)
  })

/**
 * Cloud recordings: files made when a meeting ends with recording, listed by the API with
 * download URLs on the OAuth host, served as real bytes to a bearer download token (the
 * `download_token` of recording.completed, a `download_access_token` from the API, or the
 * account's OAuth token) through a redirect to a short-lived signed address, as Zoom's CDN does.
 */
export const createRecordings = ({ base, now }: { base: string; now: () => number }) => {
  const sets: RecordingSet[] = []
  const signingKey = crypto.randomBytes(32)
  const downloadTokens = new Map<string, { accountId: string; instanceUuid: string; expiresAt: number }>()
  const broken: BrokenDownload[] = []

  const fileById = (id: string) => {
    for (const set of sets) {
      const file = set.files.find((candidate) => candidate.id === id)
      if (file) {
        return { set, file }
      }
    }
    return undefined
  }

  const fileOf = (instance: Instance) => (fileType: RecordingFileRecord['fileType'], extension: RecordingFileRecord['extension'], recordingType: string, size: number, text?: Buffer): RecordingFileRecord => ({
    id: crypto.randomUUID(),
    meetingUuid: instance.uuid,
    fileType,
    extension,
    recordingType,
    size: text?.length ?? size,
    start: instance.startedAt,
    end: instance.endedAt ?? now(),
    downloadKey: crypto.randomBytes(48).toString('base64url'),
    text,
    deleted: false,
  })

  const record = (meeting: MeetingRecord, instance: Instance, options: RecordOptions = {}): RecordingSet => {
    const file = fileOf(instance)
    const files = [
      file('MP4', 'MP4', 'shared_screen_with_speaker_view', options.mp4Bytes ?? 1.5 * 1024 * 1024),
      file('M4A', 'M4A', 'audio_only', options.m4aBytes ?? 256 * 1024),
      ...(options.transcript === false ? [] : [file('TRANSCRIPT', 'VTT', 'audio_transcript', 0, transcriptOf(instance))]),
    ]
    const set = { accountId: meeting.accountId, meeting, instance, files, trashed: false }
    sets.push(set)
    return set
  }

  /** The audio transcript, made after the recording (as Zoom does when it is slow): added to the instance's set. */
  const addTranscript = (instanceUuid: string): { set: RecordingSet; file: RecordingFileRecord } => {
    const set = sets.find((candidate) => candidate.instance.uuid === instanceUuid)
    if (!set) {
      throw new Error(`Zoom stand-in: no recording of ${instanceUuid}`)
    }
    const file = fileOf(set.instance)('TRANSCRIPT', 'VTT', 'audio_transcript', 0, transcriptOf(set.instance))
    set.files.push(file)
    return { set, file }
  }

  const mintDownloadToken = (accountId: string, instanceUuid: string, ttlSeconds: number): string => {
    const token = `eyJ${crypto.randomBytes(96).toString('base64url')}`
    downloadTokens.set(token, { accountId, instanceUuid, expiresAt: now() + ttlSeconds * 1000 })
    return token
  }

  const fileJson = (file: RecordingFileRecord) => ({
    id: file.id,
    meeting_id: file.meetingUuid,
    recording_start: isoSeconds(file.start),
    recording_end: isoSeconds(file.end),
    file_type: file.fileType,
    file_extension: file.extension,
    file_size: file.size,
    play_url: `${base}/rec/play/${file.downloadKey}`,
    download_url: `${base}/rec/download/${file.downloadKey}`,
    status: 'completed',
    recording_type: file.recordingType,
  })

  /** The recording's object as the API and recording.completed write it. */
  const recordingJson = (set: RecordingSet) => {
    const files = set.files.filter((file) => !file.deleted)
    return {
      uuid: set.instance.uuid,
      id: set.meeting.id,
      account_id: set.accountId,
      host_id: set.meeting.host.id,
      host_email: set.meeting.host.email,
      topic: set.meeting.topic,
      type: set.meeting.type,
      start_time: isoSeconds(set.instance.startedAt),
      timezone: set.meeting.timezone,
      duration: Math.round(((set.instance.endedAt ?? now()) - set.instance.startedAt) / 60_000),
      total_size: files.reduce((sum, file) => sum + file.size, 0),
      recording_count: files.length,
      share_url: `${base}/rec/share/${crypto.createHash('sha256').update(set.instance.uuid).digest('base64url').slice(0, 40)}`,
      recording_files: files.map(fileJson),
      password: '',
      recording_play_passcode: '',
    }
  }

  /** The set of an instance (UUID) or the latest of a meeting (id); trashed ones are gone. */
  const setOf = (meeting: MeetingRecord, instance: Instance | undefined): RecordingSet | undefined =>
    sets.filter((set) => set.meeting === meeting && !set.trashed && (!instance || set.instance === instance)).at(-1)

  const notFound = (): Reply => zoomError(404, 3301, 'This recording does not exist.')

  const getRecordings = (meeting: MeetingRecord, instance: Instance | undefined, query: URLSearchParams): Reply => {
    const set = setOf(meeting, instance)
    if (!set) {
      return notFound()
    }
    const body: Record<string, unknown> = recordingJson(set)
    if ((query.get('include_fields') ?? '').split(',').includes('download_access_token')) {
      const ttl = query.get('ttl') === null ? 86_400 : Number(query.get('ttl'))
      if (!Number.isInteger(ttl) || ttl < 0 || ttl > 604_800) {
        return zoomError(400, 300, 'Validation Failed.', [{ field: 'ttl', message: 'Invalid field.' }])
      }
      body.download_access_token = mintDownloadToken(set.accountId, set.instance.uuid, ttl)
    }
    return { status: 200, body }
  }

  const deleteRecordings = (meeting: MeetingRecord, instance: Instance | undefined, recordingId?: string): Reply => {
    const set = setOf(meeting, instance)
    if (!set) {
      return notFound()
    }
    if (recordingId === undefined) {
      set.trashed = true
      return { status: 204 }
    }
    const file = set.files.find((candidate) => candidate.id === recordingId && !candidate.deleted)
    if (!file) {
      return zoomError(404, 3303, `This recording file does not exist: ${recordingId}.`)
    }
    file.deleted = true
    return { status: 204 }
  }

  const refused = (): Reply => ({ status: 401, body: { status: false, errorCode: 124, errorMessage: 'Invalid access token.', result: null } })

  /** GET /rec/download/{key}: the bearer token checked, then a redirect to a signed address. */
  const download = (downloadKey: string, authorization: string | undefined, accessTokenAccount: (token: string) => string | undefined): Reply => {
    const found = sets.flatMap((set) => set.files.map((file) => ({ set, file }))).find(({ file }) => file.downloadKey === downloadKey)
    if (!found || found.set.trashed || found.file.deleted) {
      return { status: 404, body: { status: false, errorCode: 3301, errorMessage: 'This recording does not exist.', result: null } }
    }
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1]
    if (!token) {
      return refused()
    }
    const grant = downloadTokens.get(token)
    const byDownloadToken = grant && grant.expiresAt > now() && grant.accountId === found.set.accountId && grant.instanceUuid === found.set.instance.uuid
    if (!byDownloadToken && accessTokenAccount(token) !== found.set.accountId) {
      return refused()
    }
    const expires = Math.floor(now() / 1000) + SIGNED_URL_SECONDS
    const signature = crypto.createHmac('sha256', signingKey).update(`${found.file.id}:${expires}`).digest('base64url')
    return { status: 302, text: '', headers: { Location: `${base}/rec/stream/${found.file.id}?expires=${expires}&signature=${signature}` } }
  }

  /** GET /rec/stream/{fileId}: the bytes, to a valid signature only, chunk by chunk with backpressure. */
  const stream = (fileId: string, query: URLSearchParams): Reply => {
    const found = fileById(fileId)
    const expires = Number(query.get('expires'))
    const expected = crypto.createHmac('sha256', signingKey).update(`${fileId}:${expires}`).digest('base64url')
    if (!found || found.set.trashed || found.file.deleted || query.get('signature') !== expected || expires * 1000 < now()) {
      return { status: 403, text: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access denied</Message></Error>', headers: { 'Content-Type': 'application/xml' } }
    }
    const { file } = found
    const fault = broken.shift()
    const name = `GMT${new Date(file.start).toISOString().replace(/[-:]/g, '').slice(0, 15).replace('T', '-')}_Recording.${file.extension.toLowerCase()}`
    return {
      status: 200,
      headers: { 'Content-Type': CONTENT_TYPES[file.extension], 'Content-Length': String(file.size), 'Content-Disposition': `attachment; filename="${name}"` },
      stream: async (res) => {
        let sent = 0
        for (const chunk of chunksOf(file)) {
          if (res.destroyed) {
            return
          }
          if (fault && sent + chunk.length > fault.afterBytes) {
            res.write(chunk.subarray(0, Math.max(0, fault.afterBytes - sent)))
            if (fault.how === 'cut') {
              res.destroy()
            } else {
              await waitFor(res, 'close')
            }
            return
          }
          sent += chunk.length
          if (!res.write(chunk)) {
            await waitFor(res, 'drain')
          }
        }
        res.end()
      },
    }
  }

  /** A file's size and the SHA-256 of its bytes, made again the same way, for a test to compare with what it received. */
  const fileDigest = (fileId: string): { size: number; sha256: string } | undefined => {
    const found = fileById(fileId)
    if (!found) {
      return undefined
    }
    const hash = crypto.createHash('sha256')
    for (const chunk of chunksOf(found.file)) {
      hash.update(chunk)
    }
    return { size: found.file.size, sha256: hash.digest('hex') }
  }

  return {
    sets,
    record,
    addTranscript,
    fileJson,
    recordingJson,
    mintDownloadToken,
    getRecordings,
    deleteRecordings,
    download,
    stream,
    fileDigest,
    /** Every download token stops working (recording.completed's and the API's); OAuth tokens still do. */
    expireDownloadTokens: () => {
      for (const grant of downloadTokens.values()) {
        grant.expiresAt = 0
      }
    },
    breakNextDownload: (fault: BrokenDownload) => {
      broken.push(fault)
    },
  }
}

export type Recordings = ReturnType<typeof createRecordings>
