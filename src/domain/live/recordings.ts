import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import type { LiveClass, Recording } from '@/payload-types'

import { recordEvent } from '@/domain/events/recordEvent'
import { inTransaction, LOCKS, lockFor, sqlHandle } from '@/services/database/transactions'
import { objectDigest, putObjectStream, removeObject } from '@/services/storage/objects'
import type { RecordingFile, ZoomClient } from '@/services/zoom'
import { referenceId } from '@/shared/referenceId'
import { DOMAIN_EVENTS, LIVE_CLASSES, RECORDINGS } from '@/shared/slugs'

import { ZOOM_QUEUE } from './jobs'
import { transcriptText } from './transcript'
import { zoomClientOf, zoomSettingsOf } from './zoomSettings'
import { requestMeta } from '@/shared/requestContext'

/** The files of a Zoom cloud recording kept here, by Zoom's `file_type`; the rest (chat, timeline) are not. */
export const RECORDING_KINDS = { MP4: 'video', M4A: 'audio', TRANSCRIPT: 'transcript' } as const
export type RecordingKind = (typeof RECORDING_KINDS)[keyof typeof RECORDING_KINDS]
export const RECORDING_STATUSES = ['pending', 'copying', 'stored', 'failed'] as const

const CONTENT_TYPES: Record<RecordingKind, string> = { video: 'video/mp4', audio: 'audio/mp4', transcript: 'text/vtt' }
const EXTENSIONS: Record<RecordingKind, string> = { video: 'mp4', audio: 'm4a', transcript: 'vtt' }
export const contentTypeOf = (kind: RecordingKind): string => CONTENT_TYPES[kind]

/** A copy left `copying` this long was cut off (a worker stopped): another may take it over. */
const STALE_COPY_MINUTES = 30
/** A transcript longer than this is stored whole, its text cut here (a day of talk is far less). */
const TRANSCRIPT_TEXT_BYTES = 4 * 1024 * 1024
/** Days a recording is kept when its school says nothing. */
export const DEFAULT_RETENTION_DAYS = 365

const kindOf = (file: Pick<RecordingFile, 'file_type'>): RecordingKind | undefined => RECORDING_KINDS[file.file_type as keyof typeof RECORDING_KINDS]

/** Where a file is kept: made from ids only, never from anything Zoom or a person wrote. */
const storageKeyOf = (row: Pick<Recording, 'id' | 'kind'> & { tenant: number; liveClass: number }) => `recordings/${row.tenant}/${row.liveClass}/${row.id}.${EXTENSIONS[row.kind]}`

const fileName = (klass: Pick<LiveClass, 'id' | 'startsAt'>, kind: RecordingKind) => `class-${klass.id}-${new Date(klass.startsAt).toISOString().slice(0, 10)}-${kind}.${EXTENSIONS[kind]}`

/** Queues the job that copies a class's recording files home, in the caller's transaction. */
export const queueRecordingCopy = async (req: PayloadRequest, liveClass: number): Promise<void> => {
  await req.payload.jobs.queue({ task: 'copyZoomRecordings', input: { liveClass }, queue: ZOOM_QUEUE, meta: requestMeta(), req })
}

/**
 * Notes the files of a class's cloud recording (from `recording.completed`) and queues their copy.
 * A file noted already is left as it is (Zoom sends the event again, and again after a recording
 * is recovered from its trash): one row per Zoom file, copied once. The event's download token is
 * kept with the rows until the copy is done; it lives 24 hours, and the copy asks Zoom for a fresh
 * one when it has lapsed.
 */
export const noteRecordings = async (req: PayloadRequest, klass: LiveClass, object: Record<string, unknown>, downloadToken: string | undefined): Promise<{ noted: number }> => {
  const files = (Array.isArray(object.recording_files) ? (object.recording_files as Partial<RecordingFile>[]) : []).filter(
    (file): file is RecordingFile => typeof file.id === 'string' && typeof file.download_url === 'string' && file.status !== 'processing' && kindOf(file as RecordingFile) !== undefined,
  )
  const known = new Set(
    (await req.payload.find({ collection: RECORDINGS, where: { zoomFileId: { in: files.map((file) => file.id) } }, pagination: false, depth: 0, overrideAccess: true, showHiddenFields: true, req, select: { zoomFileId: true } })).docs.map(
      (row) => row.zoomFileId,
    ),
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
        fileName: fileName(klass, kind),
        contentType: CONTENT_TYPES[kind],
        expectedSize: Number.isFinite(file.file_size) ? file.file_size : undefined,
        recordedFrom: file.recording_start,
        recordedUntil: file.recording_end,
        zoomFileId: file.id.slice(0, 200),
        zoomMeetingUuid: (file.meeting_id || uuid || '').slice(0, 100),
        downloadUrl: file.download_url.slice(0, 2000),
        downloadToken: downloadToken?.slice(0, 4000),
      },
      overrideAccess: true,
      context: { recordingSync: true },
      req,
    })
    noted++
  }
  if (noted > 0) {
    await queueRecordingCopy(req, klass.id)
  }
  return { noted }
}

/** Takes a row for copying; false when it is stored, or being copied by another worker. */
const claim = async (req: PayloadRequest, id: number): Promise<boolean> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    update recordings set status = 'copying', claimed_at = now(), attempts = coalesce(attempts, 0) + 1
    where id = ${id} and (status in ('pending', 'failed') or (status = 'copying' and claimed_at < now() - make_interval(mins => ${STALE_COPY_MINUTES})))
    returning id`)
  return rows.length > 0
}

const update = (req: PayloadRequest, id: number, data: Partial<Recording>) =>
  req.payload.update({ collection: RECORDINGS, id, data, overrideAccess: true, depth: 0, context: { recordingSync: true }, req })

/** How long the school keeps recordings, in days; undefined keeps them until someone deletes them. */
const retentionDaysOf = async (req: PayloadRequest, tenant: number): Promise<number | undefined> => {
  const settings = await zoomSettingsOf(req, tenant)
  if (settings && settings.recordingRetentionDays === null) {
    return undefined
  }
  return settings?.recordingRetentionDays ?? DEFAULT_RETENTION_DAYS
}

/**
 * Copies one file: streamed from Zoom into storage, hashed on the way, then read back from
 * storage and hashed again. Only a copy whose size is Zoom's and whose second hash is the first
 * counts as stored; anything else is removed and the row failed, to be tried again.
 */
const copyOne = async (req: PayloadRequest, zoom: ZoomClient, row: Recording, retentionDays: number | undefined): Promise<void> => {
  const key = recordingKey(row)
  const download = await zoom.downloadRecordingFile({ meetingId: row.zoomMeetingUuid!, downloadUrl: row.downloadUrl!, downloadToken: row.downloadToken ?? undefined })
  const stored = await putObjectStream(key, download.stream, row.contentType ?? CONTENT_TYPES[row.kind])
  const text: Buffer[] = []
  let textBytes = 0
  const check = await objectDigest(key, row.kind === 'transcript' ? (chunk) => {
    if (textBytes < TRANSCRIPT_TEXT_BYTES) {
      text.push(chunk.subarray(0, TRANSCRIPT_TEXT_BYTES - textBytes))
      textBytes += Math.min(chunk.length, TRANSCRIPT_TEXT_BYTES - textBytes)
    }
  } : undefined)
  const expected = row.expectedSize ?? download.size
  const problem =
    expected !== undefined && expected !== null && stored.size !== expected
      ? `Zoom said ${expected} bytes; ${stored.size} arrived.`
      : !check || check.sha256 !== stored.sha256 || check.size !== stored.size
        ? 'The stored copy does not read back as it was written.'
        : undefined
  if (problem) {
    await removeObject(key).catch(() => undefined)
    throw new Error(problem)
  }
  const storedAt = new Date()
  await update(req, row.id, {
    status: 'stored',
    size: stored.size,
    sha256: stored.sha256,
    storedAt: storedAt.toISOString(),
    retainUntil: retentionDays === undefined ? null : new Date(storedAt.getTime() + retentionDays * 86_400_000).toISOString(),
    transcript: row.kind === 'transcript' ? transcriptText(Buffer.concat(text).toString('utf8')) : undefined,
    downloadToken: null,
    error: null,
  })
}

/**
 * Announces a class's recording once every file of it is stored (`live-class.recording-available`,
 * once per class, under the class's recordings lock), then, if the school asks, moves Zoom's
 * copy to its trash: only once ours is verified, and again on the next run if Zoom failed.
 */
const finish = async (req: PayloadRequest, klass: LiveClass, zoom: ZoomClient): Promise<void> => {
  const rows = await inTransaction(req, async () => {
    await lockFor(req, LOCKS.recordings, klass.id)
    const all = (await req.payload.find({ collection: RECORDINGS, where: { liveClass: { equals: klass.id } }, pagination: false, depth: 0, overrideAccess: true, showHiddenFields: true, sort: 'id', req })).docs
    if (all.length === 0 || all.some((row) => row.status !== 'stored')) {
      return undefined
    }
    const told = await req.payload.count({ collection: DOMAIN_EVENTS, where: { and: [{ type: { equals: 'live-class.recording-available' } }, { subjectId: { equals: String(klass.id) } }] }, overrideAccess: true, req })
    if (told.totalDocs === 0) {
      await recordEvent(req, {
        type: 'live-class.recording-available',
        tenant: referenceId(klass.tenant),
        subject: { collection: LIVE_CLASSES, id: klass.id },
        payload: {
          liveClass: klass.id,
          course: referenceId(klass.course)!,
          files: all.map((row) => ({ recording: row.id, kind: row.kind, size: row.size ?? 0, sha256: row.sha256 ?? '' })),
          transcript: all.find((row) => row.kind === 'transcript')?.id ?? null,
        },
      })
    }
    return all
  })
  if (!rows) {
    return
  }
  const settings = await zoomSettingsOf(req, referenceId(klass.tenant)!)
  const inZoom = rows.filter((row) => !row.zoomDeletedAt)
  if (!settings?.deleteFromZoomAfterCopy || inZoom.length === 0) {
    return
  }
  for (const uuid of new Set(inZoom.map((row) => row.zoomMeetingUuid).filter((value): value is string => Boolean(value)))) {
    await zoom.deleteRecordings({ meetingId: uuid, action: 'trash' })
  }
  const at = new Date().toISOString()
  for (const row of inZoom) {
    await update(req, row.id, { zoomDeletedAt: at })
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
    if (!(await claim(req, row.id))) {
      continue
    }
    try {
      await copyOne(req, zoom, row, retentionDays)
      copied++
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      failures.push(`${row.kind}: ${message}`)
      await update(req, row.id, { status: 'failed', error: message.slice(0, 500) })
    }
  }
  await finish(req, klass, zoom)
  if (failures.length > 0) {
    throw new Error(`${failures.length} of the class’s recording files could not be copied yet: ${failures.join('; ')}`)
  }
  return { copied }
}

/**
 * Deletes recordings past their school's retention (their `expireRecordings` job): the row in a
 * transaction of its own, audited as the system's delete, and the stored file with it.
 */
export const expireRecordings = async (req: PayloadRequest, now = new Date()): Promise<{ deleted: number }> => {
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
  return { deleted }
}

/** Where a recording's file is kept (its row's hidden fields are not needed to know). */
export const recordingKey = (row: Pick<Recording, 'id' | 'kind' | 'tenant' | 'liveClass'>): string =>
  storageKeyOf({ id: row.id, kind: row.kind, tenant: referenceId(row.tenant)!, liveClass: referenceId(row.liveClass)! })

/** The stored file of a deleted recording goes with it (for a person's delete and retention's alike). */
export const removeRecordingFile = (row: Pick<Recording, 'id' | 'kind' | 'tenant' | 'liveClass'>): Promise<void> => removeObject(recordingKey(row))
