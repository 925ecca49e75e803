import type { PayloadRequest } from 'payload'

import { createLocalReq } from 'payload'

import type { LiveClass } from '@/payload-types'

import { readingIn } from '@/services/database/transactions'
import { createZoomClient, type MeetingInput, ZoomError } from '@/services/zoom'
import { requestMeta } from '@/shared/requestContext'
import { referenceId } from '@/shared/referenceId'
import { LIVE_CLASSES, TENANTS } from '@/shared/slugs'

import { openZoomSecret, zoomSettingsOf } from './zoomSettings'

export const ZOOM_QUEUE = 'zoom'

/** Queues the job that brings a class's Zoom meeting in line with the class, in the caller's transaction. */
export const queueMeetingSync = async (req: PayloadRequest, liveClass: number): Promise<void> => {
  await req.payload.jobs.queue({ task: 'syncZoomMeeting', input: { liveClass }, queue: ZOOM_QUEUE, meta: requestMeta(), req })
}

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

const record = async (req: PayloadRequest, klass: LiveClass, outcome: Outcome): Promise<void> => {
  await req.payload.update({
    collection: LIVE_CLASSES,
    id: klass.id,
    data: { zoom: { ...klass.zoom, ...outcome, syncedAt: new Date().toISOString() } },
    depth: 0,
    overrideAccess: true,
    context: { zoomSync: true },
    req,
  })
}

/** Deletes a meeting (its registrants told by Zoom); one already gone is what was wanted. */
const removeMeeting = async (zoom: ReturnType<typeof createZoomClient>, meetingId: string): Promise<void> => {
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
export const syncMeeting = async (req: PayloadRequest, id: number): Promise<Outcome | undefined> => {
  // Read in English, the school's catalogue language: the meeting's topic is one text.
  const klass = await req.payload.findByID({ collection: LIVE_CLASSES, id, depth: 0, overrideAccess: true, disableErrors: true, locale: 'en', req: await readingIn(req, 'en') })
  if (!klass) {
    return undefined
  }
  const school = referenceId(klass.tenant)!
  const settings = await zoomSettingsOf(req, school)
  const clientSecret = settings ? openZoomSecret(settings, 'clientSecret') : undefined
  if (!settings?.enabled || !settings.accountId || !settings.clientId || !clientSecret) {
    const outcome: Outcome = { state: 'failed', problem: 'This school’s Zoom settings are missing or turned off.' }
    await record(req, klass, outcome)
    return outcome
  }
  const zoom = createZoomClient({ accountId: settings.accountId, clientId: settings.clientId, clientSecret })
  const meetingId = klass.zoom?.meetingId ?? undefined
  let outcome: Outcome
  try {
    const status = klass.status ?? 'scheduled'
    if (status === 'cancelled') {
      if (meetingId) {
        await removeMeeting(zoom, meetingId)
      }
      outcome = { state: 'removed', meetingId: null, meetingHost: null, problem: null }
    } else if (status !== 'scheduled') {
      return undefined
    } else {
      const tenant = await req.payload.findByID({ collection: TENANTS, id: school, depth: 0, select: { timezone: true }, overrideAccess: true, req })
      const wanted = meetingOf(klass, tenant.timezone ?? 'UTC')
      const hostEmail = klass.zoom?.hostEmail
      if (!hostEmail) {
        return undefined
      }
      let found = meetingId
      if (found && klass.zoom?.meetingHost && klass.zoom.meetingHost !== hostEmail) {
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
    }
  } catch (error) {
    if (!(error instanceof ZoomError)) {
      throw error
    }
    // In a transaction of its own: the job's is rolled back when it fails, and staff must see why.
    await record(await createLocalReq({}, req.payload), klass, { state: error.retryable ? 'waiting' : 'failed', problem: problemOf(error) })
    if (error.retryable) {
      throw error
    }
    return { state: 'failed', problem: problemOf(error) }
  }
  await record(req, klass, outcome)
  return outcome
}
