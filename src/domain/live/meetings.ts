import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { createLocalReq } from 'payload'

import type { LiveClass } from '@/payload-types'

import { inTransaction, LOCKS, lockFor, readingIn, sqlHandle } from '@/services/database/transactions'
import { type MeetingInput, type ZoomClient, ZoomError } from '@/services/zoom'
import { textIn } from '@/shared/localizedText'
import { referenceId } from '@/shared/referenceId'
import { LIVE_CLASSES, TENANTS } from '@/shared/slugs'

import { queueRegistrations } from './jobs'
import { zoomClientOf } from './zoomSettings'

/** The line at the end of a meeting's agenda that names its class: how a job that runs twice finds the meeting it made. */
const markerOf = (klass: Pick<LiveClass, 'id'>): string => `[aqoon live class ${klass.id}]`

/** Zoom's start time: UTC, to the second. */
const zoomTime = (iso: string): string => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z')

const meetingOf = (klass: LiveClass, timezone: string): MeetingInput => ({
  topic: klass.title.slice(0, 200),
  type: 2,
  start_time: zoomTime(klass.startsAt),
  duration: klass.durationMinutes,
  timezone,
  agenda: `${(klass.agenda ?? '').slice(0, 1900)}\n\n${markerOf(klass)}`.trim(),
  // Registration on: each student gets their own join link, so Zoom's events name the student.
  settings: { approval_type: 0, registration_type: 1, join_before_host: false, waiting_room: true },
})

type Outcome = { state: 'ready' | 'removed' | 'failed' | 'waiting'; meetingId?: string | null; meetingHost?: string | null; problem?: string | null }

/**
 * Writes where the class stands with its meeting: those columns alone, with SQL, so a person's
 * change made meanwhile (another Zoom host, picked under the school's lock) is never written over.
 */
const record = async (req: PayloadRequest, id: number, outcome: Outcome): Promise<void> => {
  const db = await sqlHandle(req)
  const set = [
    sql`zoom_state = ${outcome.state}::enum_live_classes_zoom_state`,
    sql`zoom_problem = ${outcome.problem ?? null}`,
    sql`zoom_synced_at = now()`,
    ...(outcome.meetingId !== undefined ? [sql`zoom_meeting_id = ${outcome.meetingId}`] : []),
    ...(outcome.meetingHost !== undefined ? [sql`zoom_meeting_host = ${outcome.meetingHost}`] : []),
  ]
  await db.execute(sql`update live_classes set ${sql.join(set, sql`, `)} where id = ${id}`)
}

/** Deletes a meeting (its registrants told by Zoom); one already gone is what was wanted. */
const removeMeeting = async (zoom: ZoomClient, meetingId: string): Promise<void> => {
  try {
    await zoom.deleteMeeting({ meetingId, cancelMeetingReminder: true })
  } catch (error) {
    if (!(error instanceof ZoomError && error.status === 404)) {
      throw error
    }
  }
}

/** Words for the class's staff: what Zoom refused, or that it was down. */
const problemOf = (error: ZoomError): string =>
  error.retryable ? `Zoom did not answer (${error.status || error.code}); trying again.` : `Zoom refused (${error.status} ${error.code ?? ''}): ${error.zoomMessage ?? error.message}`.slice(0, 500)

/**
 * Brings the class's Zoom meeting in line with the class: made for a class to be held (or found,
 * when an earlier run made it and lost Zoom's answer: Zoom takes no idempotency key), moved
 * when the class moves, removed when it is cancelled. Safe to run any number of times. Zoom
 * down: the class says it is waiting for its meeting and why, and the job is tried again; Zoom
 * refusing for good: the class says so, and the job stops.
 */
export const syncMeeting = (req: PayloadRequest, id: number): Promise<Outcome | undefined> =>
  inTransaction(req, async () => {
    // One run per class at a time: two runs would each find no meeting and make one, and a
    // cancellation would miss the meeting a run in flight is making.
    await lockFor(req, LOCKS.zoomMeeting, id)
    try {
      return await syncLocked(req, id)
    } catch (error) {
      // In a transaction of its own: the job's is rolled back when it fails, and staff must see why.
      const retry = error instanceof ZoomError ? error.retryable : false
      const problem = error instanceof ZoomError ? problemOf(error) : 'The meeting could not be made: the platform’s operators were told.'
      await record(await createLocalReq({}, req.payload), id, { state: retry ? 'waiting' : 'failed', problem })
      if (retry || !(error instanceof ZoomError)) {
        throw error
      }
      return { state: 'failed', problem }
    }
  })

const syncLocked = async (req: PayloadRequest, id: number): Promise<Outcome | undefined> => {
  // Every locale: the meeting's topic is one text, the English title or else whichever there is.
  const stored = await req.payload.findByID({ collection: LIVE_CLASSES, id, depth: 0, overrideAccess: true, disableErrors: true, locale: 'all', req: await readingIn(req, 'all') })
  if (!stored) {
    return undefined
  }
  const klass = { ...stored, title: textIn(stored.title), agenda: textIn(stored.agenda) } as LiveClass
  const school = referenceId(klass.tenant)!
  const zoom = await zoomClientOf(req, school)
  if (!zoom) {
    const outcome: Outcome = { state: 'failed', problem: 'This school’s Zoom settings are missing or turned off.' }
    await record(req, id, outcome)
    return outcome
  }
  const meetingId = klass.zoom?.meetingId ?? undefined
  let outcome: Outcome
  const status = klass.status ?? 'scheduled'
  if (status === 'cancelled') {
    if (meetingId) {
      await removeMeeting(zoom, meetingId)
    }
    outcome = { state: 'removed', meetingId: null, meetingHost: null, problem: null }
  } else if (status !== 'scheduled' || !klass.zoom?.hostEmail) {
    return undefined
  } else {
    const hostEmail = klass.zoom.hostEmail
    const tenant = await req.payload.findByID({ collection: TENANTS, id: school, depth: 0, select: { timezone: true }, overrideAccess: true, req })
    const wanted = meetingOf(klass, tenant.timezone ?? 'UTC')
    let found = meetingId
    if (found && klass.zoom.meetingHost && klass.zoom.meetingHost !== hostEmail) {
      // Moved to another Zoom user: a meeting keeps its host, so it is made again under the new one.
      await removeMeeting(zoom, found)
      found = undefined
    }
    if (!found) {
      for await (const meeting of zoom.listMeetings({ userId: hostEmail, type: 'upcoming' })) {
        if (meeting.agenda?.endsWith(markerOf(klass))) {
          found = String(meeting.id)
          break
        }
      }
    }
    if (found) {
      await zoom.updateMeeting({ meetingId: found, changes: wanted })
    } else {
      found = String((await zoom.createMeeting({ userId: hostEmail, meeting: wanted })).id)
    }
    outcome = { state: 'ready', meetingId: found, meetingHost: hostEmail, problem: null }
    // Its students registered next (again, for a meeting made again): each gets their own link.
    await queueRegistrations(req, id)
  }
  await record(req, id, outcome)
  return outcome
}
