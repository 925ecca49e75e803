import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'
import crypto from 'node:crypto'

import type { LiveClass, Recording } from '@/payload-types'

import { recordEvent } from '@/domain/events/recordEvent'
import { postgresAdapter } from '@/services/database/adapter'
import { inTransaction, LOCKS, lockFor, sqlHandle } from '@/services/database/transactions'
import { objectDigest, putObjectStream, removeObject } from '@/services/storage/objects'
import type { RecordingFile, ZoomClient } from '@/services/zoom'
import { referenceId } from '@/shared/referenceId'
import { requestMeta } from '@/shared/requestContext'
import { LIVE_CLASSES, RECORDINGS } from '@/shared/slugs'

import { ZOOM_QUEUE } from './jobs'
import { transcriptText } from './transcript'
import { zoomClientOf, zoomSettingsOf } from './zoomSettings'

/** The files of a Zoom cloud recording kept here, by Zoom's `file_type`; the rest (chat, timeline) are not. */
export const RECORDING_KINDS = { MP4: 'video', M4A: 'audio', TRANSCRIPT: 'transcript' } as const
export type RecordingKind = (typeof RECORDING_KINDS)[keyof typeof RECORDING_KINDS]
export const RECORDING_STATUSES = ['pending', 'copying', 'stored', 'failed'] as const

const MIME_TYPES: Record<RecordingKind, string> = { video: 'video/mp4', audio: 'audio/mp4', transcript: 'text/vtt' }
const EXTENSIONS: Record<RecordingKind, string> = { video: 'mp4', audio: 'm4a', transcript: 'vtt' }

/** Recording files are kept under this prefix (in the bucket, or the data folder), each under a plain name. */
export const RECORDINGS_PREFIX = 'recordings'

/** A copy whose worker has not said it is alive for this long was cut off (the worker stopped): another may take it over. */
const STALE_COPY_MINUTES = 10
/** How often a copy says it is still alive. */
const HEARTBEAT_MS = 60_000
/** A transcript longer than this is stored whole, its text cut here (a day of talk is far less). */
const TRANSCRIPT_TEXT_BYTES = 4 * 1024 * 1024
/** Days a recording is kept when its school says nothing. */
export const DEFAULT_RETENTION_DAYS = 365
/** Copies left failed or pending this long are tried again by the hourly job, up to this many attempts in all. */
const RETRY_AFTER_MINUTES = 60
const MAX_ATTEMPTS = 30

const kindOf = (file: Pick<RecordingFile, 'file_type'>): RecordingKind | undefined => RECORDING_KINDS[file.file_type as keyof typeof RECORDING_KINDS]

/** The key of a stored file. */
export const recordingKey = (filename: string): string => `${RECORDINGS_PREFIX}/${filename}`

const downloadName = (klass: Pick<LiveClass, 'id' | 'startsAt'>, kind: RecordingKind) => `class-${klass.id}-${new Date(klass.startsAt).toISOString().slice(0, 10)}-${kind}.${EXTENSIONS[kind]}`

/** Queues the job that copies a class's recording files home, in the caller's transaction. */
export const queueRecordingCopy = async (req: PayloadRequest, liveClass: number): Promise<void> => {
  await req.payload.jobs.queue({ task: 'copyZoomRecordings', input: { liveClass }, queue: ZOOM_QUEUE, meta: requestMeta(), req })
}

/**
 * Notes the files of a class's cloud recording (from `recording.completed`, and from
 * `recording.transcript_completed` when Zoom makes the transcript later) and queues their copy.
 * A file noted already is left as it is (Zoom sends events again): one row per Zoom file, copied
 * once. The event's download token is kept with the rows until their copy is done; it lives 24
 * hours, and the copy asks Zoom for a fresh one when it has lapsed. Under the class's recordings
 * lock, so an announcement never misses a file being noted.
 */
export const noteRecordings = async (req: PayloadRequest, klass: LiveClass, object: Record<string, unknown>, downloadToken: string | undefined): Promise<{ noted: number }> => {
  const files = (Array.isArray(object.recording_files) ? (object.recording_files as Partial<RecordingFile>[]) : []).filter(
    (file): file is RecordingFile => typeof file.id === 'string' && typeof file.download_url === 'string' && file.status !== 'processing' && kindOf(file as RecordingFile) !== undefined,
  )
  if (files.length === 0) {
    return { noted: 0 }
  }
  await lockFor(req, LOCKS.recordings, klass.id)
  const known = new Set(
    (await req.payload.find({ collection: RECORDINGS, where: { zoomFileId: { in: files.map((file) => file.id) } }, pagination: false, depth: 0, overrideAccess: true, req, select: { zoomFileId: true } })).docs.map((row) => row.zoomFileId),
  )
  const uuid = typeof object.uuid === 'string' ? object.uuid.slice(0, 100) : (klass.zoom?.meetingUuid ?? undefined)
  let noted = 0
  for (const file of files) {
    if (known.has(file.id)) {
      continue
    }
    const kind = kindOf(file)!
    await req.payload.create({
      collection: RECORDINGS,
      data: {
        tenant: referenceId(klass.tenant)!,
        liveClass: klass.id,
        course: referenceId(klass.course)!,
        kind,
        status: 'pending',
        name: downloadName(klass, kind),
        mimeType: MIME_TYPES[kind],
        expectedSize: Number.isFinite(file.file_size) ? file.file_size : undefined,
        recordedFrom: file.recording_start,
        recordedUntil: file.recording_end,
        zoomFileId: file.id.slice(0, 200),
        zoomMeetingUuid: (file.meeting_id || uuid || '').slice(0, 100),
        downloadUrl: file.download_url.slice(0, 2000),
        downloadToken: downloadToken?.slice(0, 4000),
      },
      overrideAccess: true,
      req,
    })
    noted++
  }
  if (noted > 0) {
    await queueRecordingCopy(req, klass.id)
  }
  return { noted }
}

/** Takes a row for copying under a token of this attempt's own; false when it is stored, or being copied by a worker still alive. */
const claim = async (req: PayloadRequest, id: number, token: string): Promise<boolean> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    update recordings set status = 'copying', claimed_at = now(), claim_token = ${token}, attempts = coalesce(attempts, 0) + 1
    where id = ${id} and (status in ('pending', 'failed') or (status = 'copying' and claimed_at < now() - make_interval(mins => ${STALE_COPY_MINUTES})))
    returning id`)
  return rows.length > 0
}

/** Keeps the claim alive while the copy runs, however long the file. */
const heartbeat = (req: PayloadRequest, id: number, token: string): (() => void) => {
  const timer = setInterval(() => {
    // On the pool, never inside a transaction the copy may have open at that moment.
    void postgresAdapter(req.payload)
      .drizzle.execute(sql`update recordings set claimed_at = now() where id = ${id} and claim_token = ${token}`)
      .catch(() => undefined)
  }, HEARTBEAT_MS)
  timer.unref()
  return () => clearInterval(timer)
}

/**
 * Writes the outcome of a copy if the row is still this attempt's (not deleted meanwhile, not
 * taken over): answers false otherwise, and the caller removes what it stored.
 */
const settle = (req: PayloadRequest, id: number, token: string, data: Partial<Recording>): Promise<boolean> =>
  inTransaction(req, async () => {
    const db = await sqlHandle(req)
    const { rows } = await db.execute(sql`select 1 from recordings where id = ${id} and status = 'copying' and claim_token = ${token} for update`)
    if (rows.length === 0) {
      return false
    }
    await req.payload.update({ collection: RECORDINGS, id, data: { ...data, claimToken: null }, overrideAccess: true, depth: 0, req })
    return true
  })

/** How long the school keeps recordings, in days; undefined keeps them until someone deletes them. */
const retentionDaysOf = async (req: PayloadRequest, tenant: number): Promise<number | undefined> => {
  const settings = await zoomSettingsOf(req, tenant)
  if (settings && settings.recordingRetentionDays === null) {
    return undefined
  }
  return settings?.recordingRetentionDays ?? DEFAULT_RETENTION_DAYS
}

/** Cuts text at a byte limit without splitting a character. */
const utf8Prefix = (bytes: Buffer): string => new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/\uFFFD$/, '')

/**
 * Copies one file under a name of this attempt's own: streamed from Zoom into storage, hashed on
 * the way, then read back from storage and hashed again. Only a copy whose size is Zoom's and
 * whose second hash is the first counts as stored; anything else is removed and the row failed,
 * to be tried again. A copy that finds its row gone or taken over removes its own file, never
 * another's.
 */
const copyOne = async (req: PayloadRequest, zoom: ZoomClient, row: Recording, token: string, retentionDays: number | undefined): Promise<'stored' | 'lost'> => {
  const filename = `${row.id}-${token}.${EXTENSIONS[row.kind]}`
  const key = recordingKey(filename)
  const stop = heartbeat(req, row.id, token)
  try {
    const download = await zoom.downloadRecordingFile({ meetingId: row.zoomMeetingUuid!, downloadUrl: row.downloadUrl!, downloadToken: row.downloadToken ?? undefined })
    const stored = await putObjectStream(key, download.stream, row.mimeType ?? MIME_TYPES[row.kind])
    const text: Buffer[] = []
    let textBytes = 0
    const check = await objectDigest(
      key,
      row.kind === 'transcript'
        ? (chunk) => {
            if (textBytes < TRANSCRIPT_TEXT_BYTES) {
              text.push(chunk.subarray(0, TRANSCRIPT_TEXT_BYTES - textBytes))
              textBytes += Math.min(chunk.length, TRANSCRIPT_TEXT_BYTES - textBytes)
            }
          }
        : undefined,
    )
    const expected = row.expectedSize ?? download.size
    if (expected !== undefined && expected !== null && stored.size !== expected) {
      throw new Error(`Zoom said ${expected} bytes; ${stored.size} arrived.`)
    }
    if (!check || check.sha256 !== stored.sha256 || check.size !== stored.size) {
      throw new Error('The stored copy does not read back as it was written.')
    }
    const storedAt = new Date()
    const kept = await settle(req, row.id, token, {
      status: 'stored',
      filename,
      size: stored.size,
      sha256: stored.sha256,
      storedAt: storedAt.toISOString(),
      retainUntil: retentionDays === undefined ? null : new Date(storedAt.getTime() + retentionDays * 86_400_000).toISOString(),
      transcript: row.kind === 'transcript' ? transcriptText(utf8Prefix(Buffer.concat(text))) : undefined,
      downloadToken: null,
      error: null,
    })
    if (!kept) {
      await removeObject(key)
      return 'lost'
    }
    return 'stored'
  } catch (error) {
    await removeObject(key).catch(() => undefined)
    throw error
  } finally {
    stop()
  }
}

/**
 * Announces what of a class's recording is newly stored, once every file noted so far is stored:
 * `live-class.recording-available` names each file once (a transcript Zoom makes later comes in
 * an event of its own), under the class's recordings lock. Then, if the school asks, Zoom's copy
 * of each file stored here is moved to Zoom's trash (only those: not the chat or a transcript
 * still being made), and again on the next run if Zoom failed.
 */
const finish = async (req: PayloadRequest, klass: LiveClass, zoom: ZoomClient): Promise<void> => {
  const rows = await inTransaction(req, async () => {
    await lockFor(req, LOCKS.recordings, klass.id)
    const all = (await req.payload.find({ collection: RECORDINGS, where: { liveClass: { equals: klass.id } }, pagination: false, depth: 0, overrideAccess: true, showHiddenFields: true, sort: 'id', req })).docs
    if (all.length === 0 || all.some((row) => row.status !== 'stored')) {
      return undefined
    }
    const fresh = all.filter((row) => !row.announced)
    if (fresh.length > 0) {
      await recordEvent(req, {
        type: 'live-class.recording-available',
        tenant: referenceId(klass.tenant),
        subject: { collection: LIVE_CLASSES, id: klass.id },
        payload: {
          liveClass: klass.id,
          course: referenceId(klass.course)!,
          files: fresh.map((row) => ({ recording: row.id, kind: row.kind, size: row.size ?? 0, sha256: row.sha256 ?? '' })),
          transcript: fresh.find((row) => row.kind === 'transcript')?.id ?? null,
        },
      })
      const db = await sqlHandle(req)
      await db.execute(sql`update recordings set announced = true where id in ${sql`(${sql.join(fresh.map((row) => sql`${row.id}`), sql`, `)})`}`)
    }
    return all
  })
  if (!rows) {
    return
  }
  const settings = await zoomSettingsOf(req, referenceId(klass.tenant)!)
  if (!settings?.deleteFromZoomAfterCopy) {
    return
  }
  for (const row of rows.filter((candidate) => !candidate.zoomDeletedAt && candidate.zoomMeetingUuid && candidate.zoomFileId)) {
    await zoom.deleteRecordingFile({ meetingId: row.zoomMeetingUuid!, recordingId: row.zoomFileId!, action: 'trash' }).catch((error: { status?: number }) => {
      // Gone from Zoom already (trashed there by hand): nothing left to do.
      if (error.status !== 404) {
        throw error
      }
    })
    await req.payload.update({ collection: RECORDINGS, id: row.id, data: { zoomDeletedAt: new Date().toISOString() }, overrideAccess: true, depth: 0, req })
  }
}

/**
 * Copies every file of a class's recording not yet stored (its `copyZoomRecordings` job). Each
 * file is claimed first, so two workers never copy one file; a file that fails is marked with
 * why and the job fails, to be tried again (a lapsed download token is renewed by the Zoom
 * client on the way). Running it again once all is stored changes nothing.
 */
export const copyRecordings = async (req: PayloadRequest, liveClass: number): Promise<{ copied: number }> => {
  const klass = await req.payload.findByID({ collection: LIVE_CLASSES, id: liveClass, depth: 0, overrideAccess: true, disableErrors: true, req })
  if (!klass) {
    return { copied: 0 }
  }
  const zoom = await zoomClientOf(req, referenceId(klass.tenant)!)
  if (!zoom) {
    throw new Error('The school’s Zoom connection is off or incomplete: its recordings wait until it is back.')
  }
  const rows = (await req.payload.find({ collection: RECORDINGS, where: { and: [{ liveClass: { equals: liveClass } }, { status: { not_equals: 'stored' } }] }, pagination: false, depth: 0, overrideAccess: true, showHiddenFields: true, sort: 'id', req })).docs
  const retentionDays = await retentionDaysOf(req, referenceId(klass.tenant)!)
  const failures: string[] = []
  let copied = 0
  for (const row of rows) {
    const token = crypto.randomBytes(8).toString('hex')
    if (!(await claim(req, row.id, token))) {
      continue
    }
    try {
      copied += (await copyOne(req, zoom, row, token, retentionDays)) === 'stored' ? 1 : 0
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500)
      failures.push(`${row.kind}: ${message}`)
      const db = await sqlHandle(req)
      await db.execute(sql`update recordings set status = 'failed', error = ${message}, claim_token = null, updated_at = now() where id = ${row.id} and claim_token = ${token}`)
    }
  }
  await finish(req, klass, zoom)
  if (failures.length > 0) {
    throw new Error(`${failures.length} of the class’s recording files could not be copied yet: ${failures.join('; ')}`)
  }
  return { copied }
}

/**
 * The hourly care of recordings (its `tendRecordings` job): those past their school's retention
 * are deleted, each in a transaction of its own, audited as the system's delete (their files go
 * by the job the delete queues); copies left failed or pending for an hour, whose job gave up,
 * are queued again, up to 30 attempts in all.
 */
export const tendRecordings = async (req: PayloadRequest, now = new Date()): Promise<{ deleted: number; retried: number }> => {
  const due = (await req.payload.find({ collection: RECORDINGS, where: { retainUntil: { less_than: now.toISOString() } }, limit: 200, depth: 0, overrideAccess: true, sort: 'retainUntil', req })).docs
  let deleted = 0
  for (const row of due) {
    await inTransaction(req, async () => {
      // Gone already (deleted by a person meanwhile): the lock in the delete answers 404.
      const gone = await req.payload.delete({ collection: RECORDINGS, id: row.id, overrideAccess: true, depth: 0, req }).catch((error: { status?: number }) => {
        if (error.status === 404) {
          return undefined
        }
        throw error
      })
      deleted += gone ? 1 : 0
    })
  }
  const stuck = await req.payload.find({
    collection: RECORDINGS,
    where: { and: [{ status: { in: ['pending', 'failed'] } }, { updatedAt: { less_than: new Date(now.getTime() - RETRY_AFTER_MINUTES * 60_000).toISOString() } }, { attempts: { less_than: MAX_ATTEMPTS } }] },
    limit: 500,
    depth: 0,
    overrideAccess: true,
    select: { liveClass: true },
    req,
  })
  const classes = [...new Set(stuck.docs.map((row) => referenceId(row.liveClass)!))]
  for (const liveClass of classes) {
    await queueRecordingCopy(req, liveClass)
  }
  return { deleted, retried: classes.length }
}

/** Queues the removal of a deleted recording's file, in the delete's transaction: the file goes only if the delete is kept. */
export const queueFileRemoval = async (req: PayloadRequest, filename: string): Promise<void> => {
  await req.payload.jobs.queue({ task: 'removeRecordingFile', input: { filename }, queue: 'maintenance', meta: requestMeta(), req })
}

/** Removes a stored recording file (its `removeRecordingFile` job); one already gone is fine. */
export const removeRecordingFile = async (filename: string): Promise<void> => {
  if (!/^[0-9]+-[0-9a-f]{16}\.(mp4|m4a|vtt)$/.test(filename)) {
    throw new Error(`Not a recording file's name: ${filename}`)
  }
  await removeObject(recordingKey(filename))
}
