import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import type { LiveClass } from '@/payload-types'

import { recordEvent } from '@/domain/events/recordEvent'
import { type Applied, applyProviderEvent, unappliedEvents } from '@/domain/payments/providerEvents'
import { LOCKS, lockFor, sqlHandle } from '@/services/database/transactions'
import type { ZoomEventParticipant } from '@/services/zoom'
import { referenceId } from '@/shared/referenceId'
import { DOMAIN_EVENTS, LIVE_CLASSES } from '@/shared/slugs'

import { addStays, measureClass, refreshAttendanceProgress } from './attendanceRecords'
import { queueReconcile } from './jobs'
import { noteRecordings } from './recordings'

/** A Zoom notification as recorded: checked here field by field, since only its signature was checked on receipt. */
export type ZoomNotification = { event?: unknown; event_ts?: unknown; download_token?: unknown; payload?: { object?: Record<string, unknown> } }

const isoOf = (value: unknown, fallback?: unknown): string | undefined => {
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN
  if (!Number.isNaN(at)) {
    return new Date(at).toISOString()
  }
  return typeof fallback === 'number' && Number.isFinite(fallback) ? new Date(fallback).toISOString() : undefined
}

/** The school's class whose meeting the event is about, if any. */
const classOfMeeting = async (req: PayloadRequest, school: number, meetingId: string): Promise<LiveClass | undefined> =>
  (await req.payload.find({ collection: LIVE_CLASSES, where: { and: [{ tenant: { equals: school } }, { 'zoom.meetingId': { equals: meetingId } }] }, sort: '-id', limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]

/** How far from its scheduled time a meeting's start still belongs to the class: earlier or later, it is the host trying the meeting. */
const EARLY_MINUTES = 60
const LATE_MINUTES = 120
/** A meeting started again this soon after it ended goes on as the same class (a dropped host, a restart). */
const RESUME_MINUTES = 15

const minutes = (n: number) => n * 60_000

/** Whether a start at `at` is this class's: within its time, or resuming it just after it ended. */
const startBelongs = (klass: LiveClass, at: string): boolean => {
  const when = Date.parse(at)
  if (klass.status === 'ended') {
    return klass.endedAt !== null && klass.endedAt !== undefined && when >= Date.parse(klass.endedAt) && when <= Date.parse(klass.endedAt) + minutes(RESUME_MINUTES)
  }
  const scheduled = Date.parse(klass.startsAt)
  return when >= scheduled - minutes(EARLY_MINUTES) && when <= scheduled + minutes(klass.durationMinutes + LATE_MINUTES)
}

/** A join or leave at `at` may be the class's (events arrive in any order): within its time, however late it ran. */
const stayBelongs = (klass: LiveClass, at: string): boolean => {
  const when = Date.parse(at)
  const scheduled = Date.parse(klass.startsAt)
  const until = Math.max(scheduled + minutes(klass.durationMinutes + LATE_MINUTES), klass.endedAt ? Date.parse(klass.endedAt) + minutes(RESUME_MINUTES) : 0)
  return when >= scheduled - minutes(EARLY_MINUTES) && when <= until
}

const NOT_THIS_CLASS: Applied = { status: 'ignored', outcome: 'The meeting was started outside the class’s time (the host trying it): not the class.' }

const started = async (req: PayloadRequest, klass: LiveClass, at: string, uuid: string | null): Promise<Applied> => {
  if (klass.status === 'live') {
    return { status: 'applied', outcome: `Class ${klass.id} was already being held.` }
  }
  if (!startBelongs(klass, at)) {
    return NOT_THIS_CLASS
  }
  const db = await sqlHandle(req)
  await db.execute(sql`
    update live_classes set status = 'live', ended_at = null, started_at = least(coalesce(started_at, ${at}::timestamptz), ${at}::timestamptz), zoom_meeting_uuid = coalesce(${uuid}, zoom_meeting_uuid)
    where id = ${klass.id}`)
  return { status: 'applied', outcome: `Class ${klass.id} is being held.` }
}

const ended = async (req: PayloadRequest, klass: LiveClass, at: string, startedAt: string | undefined, uuid: string | null): Promise<Applied> => {
  // The end of a session that was the class: the one being held, or (arriving before its start) one started within its time.
  const ofThisClass = klass.status === 'live' || (startedAt !== undefined && startBelongs(klass, startedAt))
  if (!ofThisClass) {
    return NOT_THIS_CLASS
  }
  const db = await sqlHandle(req)
  await db.execute(sql`
    update live_classes set status = 'ended', ended_at = greatest(coalesce(ended_at, ${at}::timestamptz), ${at}::timestamptz),
      started_at = coalesce(started_at, ${startedAt ?? at}::timestamptz), zoom_meeting_uuid = coalesce(zoom_meeting_uuid, ${uuid})
    where id = ${klass.id}`)
  const rows = await measureClass(req, klass.id)
  await refreshAttendanceProgress(req, referenceId(klass.course)!, rows.map((row) => referenceId(row.student)!))
  // Told once: a class resumed and ended again is measured again, not announced again.
  const told = await req.payload.count({ collection: DOMAIN_EVENTS, where: { and: [{ type: { equals: 'live-class.ended' } }, { subjectId: { equals: String(klass.id) } }] }, overrideAccess: true, req })
  if (told.totalDocs === 0) {
    const count = (status: string) => rows.filter((row) => row.status === status).length
    await recordEvent(req, {
      type: 'live-class.ended',
      tenant: referenceId(klass.tenant),
      subject: { collection: LIVE_CLASSES, id: klass.id },
      payload: { liveClass: klass.id, course: referenceId(klass.course)!, endedAt: at, students: rows.length, present: count('present'), late: count('late'), leftEarly: count('left-early'), absent: count('absent') },
    })
  }
  await queueReconcile(req, klass.id)
  return { status: 'applied', outcome: `Class ${klass.id} ended; attendance of ${rows.length} students measured.` }
}

/**
 * Applies one of a school's Zoom notifications to its live classes: the meeting starting and
 * ending (the class goes live, then ends and its attendance is measured), and people joining and
 * leaving (a student's stays). Under the class's attendance lock; in any order, and a repeat
 * changes nothing. An event about no class of the school is ignored.
 */
export const applyZoomEvent = async (req: PayloadRequest, school: number, notification: ZoomNotification, { waitMs }: { waitMs?: number } = {}): Promise<Applied> => {
  const object = notification.payload?.object
  const meetingId = object && (typeof object.id === 'string' || typeof object.id === 'number') ? String(object.id) : undefined
  if (!object || !meetingId) {
    return { status: 'ignored', outcome: 'The event names no meeting.' }
  }
  const found = await classOfMeeting(req, school, meetingId)
  if (!found || found.status === 'cancelled') {
    return { status: 'ignored', outcome: 'No class of this school is held in that meeting.' }
  }
  if (waitMs !== undefined) {
    // Zoom's delivery waits for its answer: past this, the event is left to the provider events job.
    await (await sqlHandle(req)).execute(sql.raw(`set local lock_timeout = '${Math.max(1, Math.floor(waitMs))}ms'`))
  }
  await lockFor(req, LOCKS.attendance, found.id)
  // Read again under the lock: an end being applied meanwhile is seen.
  const klass = await req.payload.findByID({ collection: LIVE_CLASSES, id: found.id, depth: 0, overrideAccess: true, req })
  const uuid = typeof object.uuid === 'string' ? object.uuid.slice(0, 100) : null
  switch (notification.event) {
    case 'meeting.started': {
      const at = isoOf(object.start_time, notification.event_ts)
      return at ? started(req, klass, at, uuid) : { status: 'ignored', outcome: 'The event says no start time.' }
    }
    case 'meeting.ended': {
      const at = isoOf(object.end_time, notification.event_ts)
      return at ? ended(req, klass, at, isoOf(object.start_time), uuid) : { status: 'ignored', outcome: 'The event says no end time.' }
    }
    case 'meeting.participant_joined':
    case 'meeting.participant_left': {
      const participant = object.participant as Partial<ZoomEventParticipant> | undefined
      const stay = participant?.user_id ?? participant?.participant_uuid
      if (!participant || (typeof stay !== 'string' && typeof stay !== 'number')) {
        return { status: 'ignored', outcome: 'The event names no participant.' }
      }
      const joinedAt = notification.event === 'meeting.participant_joined' ? isoOf(participant.join_time, notification.event_ts) : undefined
      const leftAt = notification.event === 'meeting.participant_left' ? isoOf(participant.leave_time, notification.event_ts) : undefined
      const at = joinedAt ?? leftAt
      if (klass.status !== 'live' && at !== undefined && !stayBelongs(klass, at)) {
        return NOT_THIS_CLASS
      }
      const students = await addStays(req, klass.id, [{ stay: String(stay), joinedAt, leftAt, registrantId: participant.registrant_id, email: participant.email }])
      return { status: 'applied', outcome: students ? 'A student’s stay in the class.' : 'Not a student of the class (the host, staff or a guest).' }
    }
    // Zoom makes the audio transcript after the recording, and says so in an event of its own.
    case 'recording.completed':
    case 'recording.transcript_completed': {
      // The class's own session: the instance that was held, or one started within its time (not the host trying the meeting).
      const start = isoOf(object.start_time)
      if (!(uuid !== null && uuid === klass.zoom?.meetingUuid) && !(start !== undefined && stayBelongs(klass, start))) {
        return NOT_THIS_CLASS
      }
      const { noted } = await noteRecordings(req, klass, object, typeof notification.download_token === 'string' ? notification.download_token : undefined)
      return { status: 'applied', outcome: noted ? `${noted} recording files of class ${klass.id} to copy.` : 'The recording’s files are known already.' }
    }
    default:
      return { status: 'ignored', outcome: `Aqoon does not use ${String(notification.event).slice(0, 60)} events.` }
  }
}

/** Applies a recorded Zoom event once (src/domain/payments/providerEvents.ts says how). */
export const applyRecordedZoomEvent = (req: PayloadRequest, id: number, school: number, notification: ZoomNotification, options: { waitMs?: number } = {}) =>
  applyProviderEvent({ req, id, apply: () => applyZoomEvent(req, school, notification, options) })

/** Zoom events recorded but not applied (a failure, a crash): applied now, by the provider events job. */
export const retryZoomEvents = async (req: PayloadRequest): Promise<number> => {
  let applied = 0
  for (const event of await unappliedEvents(req, 100, ['zoom'])) {
    const result = event.school === null ? { status: 'failed' } : await applyRecordedZoomEvent(req, event.id, event.school, event.payload as ZoomNotification)
    applied += result.status === 'failed' ? 0 : 1
  }
  return applied
}
