import crypto from 'node:crypto'

import type { Pager } from './paging'
import { isTimezone, occurrenceTimes, parseStartTime, type RecurrenceInput } from './recurrence'
import { instanceUuid, isoSeconds, meetingNotFound, meetingNumber, type Reply, validationFailed, zoomError, zoomId } from './wire'

export type StandInUser = {
  id: string
  email: string
  first_name: string
  last_name: string
  /** 1 basic, 2 licensed. */
  type: number
  status: 'active' | 'inactive' | 'pending'
  timezone: string
}

export type RegistrantRecord = {
  id: string
  email: string
  first_name: string
  last_name: string
  status: 'approved' | 'pending' | 'denied'
  create_time: string
  join_url: string
  /** The `tk` of the join link, by which a join finds its registrant. */
  tk: string
  occurrenceIds?: string[]
  deleted: boolean
}

/** One person in a meeting (across reconnects). */
export type Person = { participantUuid: string; name: string; email: string; registrantId?: string; zoomUserId?: string }

/** One stay: a reconnect is a second one, with a new per-meeting user id. */
export type Segment = { person: Person; userId: string; joinTime: number; leaveTime?: number }

/** One time the meeting was held. */
export type Instance = { uuid: string; startedAt: number; endedAt?: number; segments: Segment[] }

export type OccurrenceRecord = { occurrence_id: string; start: number; duration: number; deleted: boolean }

export type MeetingRecord = {
  accountId: string
  id: number
  /** The UUID of the meeting as scheduled (its first instance takes it). */
  uuid: string
  host: StandInUser
  topic: string
  type: number
  status: 'waiting' | 'started'
  start: number
  duration: number
  timezone: string
  agenda: string
  createdAt: number
  password: string
  encryptedPassword: string
  recurrence?: Record<string, unknown>
  occurrences: OccurrenceRecord[]
  settings: Record<string, unknown>
  registrants: RegistrantRecord[]
  instances: Instance[]
  deleted: boolean
}

const DEFAULT_SETTINGS = {
  host_video: false,
  participant_video: false,
  join_before_host: false,
  mute_upon_entry: false,
  waiting_room: false,
  approval_type: 2,
  registration_type: 1,
  auto_recording: 'none',
  meeting_authentication: false,
  registrants_email_notification: true,
  registrants_confirmation_email: true,
}

const PASSWORD = /^[A-Za-z0-9@_*-]{1,10}$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

const isObject = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === 'object' && !Array.isArray(value)

export const occurrenceJson = (occurrence: OccurrenceRecord) => ({
  occurrence_id: occurrence.occurrence_id,
  start_time: isoSeconds(occurrence.start),
  duration: occurrence.duration,
  status: occurrence.deleted ? 'deleted' : 'available',
})

/**
 * Meetings, registrants and past instances of every account, and the API routes over them, in
 * Zoom's shapes and with Zoom's refusals (300 validation, 1001 unknown user, 3001 unknown
 * meeting). An account sees only its own meetings: another's is "does not exist".
 */
export const createMeetings = ({ base, users, pager, now }: { base: string; users: (accountId: string) => StandInUser[]; pager: Pager; now: () => number }) => {
  const meetings = new Map<number, MeetingRecord>()

  const userOf = (accountId: string, userId: string): StandInUser | undefined => {
    const list = users(accountId)
    return userId === 'me' ? list[0] : list.find((user) => user.id === userId || user.email.toLowerCase() === userId.toLowerCase())
  }

  /** A meeting by number, or by one of its instances' UUIDs, within the account. */
  const resolve = (accountId: string, idOrUuid: string): { meeting: MeetingRecord; instance?: Instance } | undefined => {
    if (/^\d+$/.test(idOrUuid)) {
      const meeting = meetings.get(Number(idOrUuid))
      return meeting && meeting.accountId === accountId && !meeting.deleted ? { meeting } : undefined
    }
    for (const meeting of meetings.values()) {
      const instance = meeting.instances.find((candidate) => candidate.uuid === idOrUuid)
      if (meeting.accountId === accountId && (instance || meeting.uuid === idOrUuid)) {
        return { meeting, instance }
      }
    }
    return undefined
  }

  const meetingJson = (meeting: MeetingRecord, occurrenceId?: string) => {
    const occurrence = occurrenceId ? meeting.occurrences.find((candidate) => candidate.occurrence_id === occurrenceId) : undefined
    const live = meeting.occurrences.filter((candidate) => !candidate.deleted)
    return {
      uuid: meeting.uuid,
      id: meeting.id,
      host_id: meeting.host.id,
      host_email: meeting.host.email,
      assistant_id: '',
      topic: meeting.topic,
      type: meeting.type,
      status: meeting.status,
      start_time: isoSeconds(occurrence?.start ?? live[0]?.start ?? meeting.start),
      duration: occurrence?.duration ?? meeting.duration,
      timezone: meeting.timezone,
      agenda: meeting.agenda,
      created_at: isoSeconds(meeting.createdAt),
      start_url: `${base}/s/${meeting.id}?zak=${crypto.randomBytes(24).toString('base64url')}`,
      join_url: `${base}/j/${meeting.id}?pwd=${meeting.encryptedPassword}`,
      password: meeting.password,
      h323_password: meeting.password.replace(/\D/g, '').padEnd(6, '0').slice(0, 10),
      pstn_password: meeting.password.replace(/\D/g, '').padEnd(6, '0').slice(0, 10),
      encrypted_password: meeting.encryptedPassword,
      ...(meeting.recurrence ? { recurrence: meeting.recurrence, occurrences: live.map(occurrenceJson) } : {}),
      settings: meeting.settings,
      pre_schedule: false,
    }
  }

  /** The fields of a create or update body, checked as Zoom checks them; `partial` for PATCH. */
  const readMeeting = (body: unknown, partial: boolean, zoneFallback: string): Partial<MeetingRecord> & { startText?: string } | { refusal: Reply } => {
    if (!isObject(body)) {
      return { refusal: zoomError(400, 300, 'Request Body should be a valid JSON object.') }
    }
    const fields: Partial<MeetingRecord> = {}
    if (body.topic !== undefined) {
      if (typeof body.topic !== 'string' || body.topic.length > 200) {
        return { refusal: validationFailed('topic') }
      }
      fields.topic = body.topic
    }
    if (body.type !== undefined) {
      if (![1, 2, 3, 8].includes(body.type as number)) {
        return { refusal: validationFailed('type') }
      }
      fields.type = body.type as number
    }
    if (body.timezone !== undefined) {
      if (typeof body.timezone !== 'string' || !isTimezone(body.timezone)) {
        return { refusal: validationFailed('timezone') }
      }
      fields.timezone = body.timezone
    }
    if (body.start_time !== undefined) {
      const start = typeof body.start_time === 'string' ? parseStartTime(body.start_time, fields.timezone ?? zoneFallback) : undefined
      if (start === undefined) {
        return { refusal: validationFailed('start_time') }
      }
      fields.start = start
    }
    if (body.duration !== undefined) {
      if (typeof body.duration !== 'number' || !Number.isInteger(body.duration) || body.duration < 0) {
        return { refusal: validationFailed('duration') }
      }
      fields.duration = body.duration
    }
    if (body.password !== undefined) {
      if (typeof body.password !== 'string' || !PASSWORD.test(body.password)) {
        return { refusal: zoomError(400, 300, 'Invalid password: use at most 10 characters, letters, digits and @ - _ * only.') }
      }
      fields.password = body.password
    }
    if (body.agenda !== undefined) {
      if (typeof body.agenda !== 'string' || body.agenda.length > 2000) {
        return { refusal: validationFailed('agenda') }
      }
      fields.agenda = body.agenda
    }
    if (body.recurrence !== undefined) {
      if (!isObject(body.recurrence)) {
        return { refusal: validationFailed('recurrence') }
      }
      fields.recurrence = body.recurrence
    }
    if (body.settings !== undefined) {
      if (!isObject(body.settings)) {
        return { refusal: validationFailed('settings') }
      }
      const approval = body.settings.approval_type
      if (approval !== undefined && ![0, 1, 2].includes(approval as number)) {
        return { refusal: validationFailed('settings.approval_type') }
      }
      fields.settings = body.settings
    }
    if (!partial && fields.type === 8 && !fields.recurrence) {
      return { refusal: validationFailed('recurrence', 'Recurrence is required for a recurring meeting with a fixed time.') }
    }
    return fields
  }

  /** Occurrences laid out again after the series' time or recurrence changed. */
  const layOut = (meeting: MeetingRecord): Reply | undefined => {
    if (meeting.type !== 8 || !meeting.recurrence) {
      meeting.occurrences = []
      return undefined
    }
    const times = occurrenceTimes(meeting.recurrence as RecurrenceInput, meeting.start, meeting.timezone)
    if ('invalid' in times) {
      return validationFailed(times.invalid)
    }
    meeting.occurrences = times.map((start) => ({ occurrence_id: String(start), start, duration: meeting.duration, deleted: false }))
    return undefined
  }

  const createMeeting = (accountId: string, userId: string, body: unknown): Reply => {
    const host = userOf(accountId, userId)
    if (!host) {
      return zoomError(404, 1001, `User does not exist: ${userId}.`)
    }
    const fields = readMeeting(body, false, isObject(body) && typeof body.timezone === 'string' ? body.timezone : host.timezone)
    if ('refusal' in fields) {
      return fields.refusal
    }
    const password = fields.password ?? crypto.randomBytes(6).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 8)
    const meeting: MeetingRecord = {
      accountId,
      id: meetingNumber(),
      uuid: instanceUuid(),
      host,
      topic: fields.topic ?? 'Zoom Meeting',
      type: fields.type ?? 2,
      status: 'waiting',
      start: fields.start ?? now(),
      duration: fields.duration ?? 60,
      timezone: fields.timezone ?? host.timezone,
      agenda: fields.agenda ?? '',
      createdAt: now(),
      password,
      encryptedPassword: crypto.createHash('sha256').update(password).digest('base64url').slice(0, 32),
      recurrence: fields.recurrence,
      occurrences: [],
      settings: { ...DEFAULT_SETTINGS, ...fields.settings },
      registrants: [],
      instances: [],
      deleted: false,
    }
    const refusal = layOut(meeting)
    if (refusal) {
      return refusal
    }
    meetings.set(meeting.id, meeting)
    return { status: 201, body: meetingJson(meeting) }
  }

  const getMeeting = (accountId: string, id: string, query: URLSearchParams): Reply => {
    const found = resolve(accountId, id)
    if (!found) {
      return meetingNotFound(id)
    }
    const occurrenceId = query.get('occurrence_id') ?? undefined
    if (occurrenceId && !found.meeting.occurrences.some((occurrence) => occurrence.occurrence_id === occurrenceId && !occurrence.deleted)) {
      return zoomError(404, 3001, `Meeting occurrence does not exist: ${occurrenceId}.`)
    }
    return { status: 200, body: meetingJson(found.meeting, occurrenceId) }
  }

  const updateMeeting = (accountId: string, id: string, query: URLSearchParams, body: unknown): Reply => {
    const found = resolve(accountId, id)
    if (!found) {
      return meetingNotFound(id)
    }
    const { meeting } = found
    const fields = readMeeting(body, true, meeting.timezone)
    if ('refusal' in fields) {
      return fields.refusal
    }
    const occurrenceId = query.get('occurrence_id')
    if (occurrenceId) {
      // One occurrence moves or changes length; the series stays as it was.
      const occurrence = meeting.occurrences.find((candidate) => candidate.occurrence_id === occurrenceId && !candidate.deleted)
      if (!occurrence) {
        return zoomError(404, 3001, `Meeting occurrence does not exist: ${occurrenceId}.`)
      }
      occurrence.start = fields.start ?? occurrence.start
      occurrence.duration = fields.duration ?? occurrence.duration
      return { status: 204 }
    }
    const next: MeetingRecord = { ...meeting, ...fields, settings: { ...meeting.settings, ...fields.settings } }
    if (fields.start !== undefined || fields.recurrence !== undefined || fields.type !== undefined || fields.duration !== undefined) {
      const refusal = layOut(next)
      if (refusal) {
        return refusal
      }
    }
    Object.assign(meeting, next)
    return { status: 204 }
  }

  const deleteMeeting = (accountId: string, id: string, query: URLSearchParams): Reply => {
    const found = resolve(accountId, id)
    if (!found) {
      return meetingNotFound(id)
    }
    const occurrenceId = query.get('occurrence_id')
    if (occurrenceId) {
      const occurrence = found.meeting.occurrences.find((candidate) => candidate.occurrence_id === occurrenceId && !candidate.deleted)
      if (!occurrence) {
        return zoomError(404, 3001, `Meeting occurrence does not exist: ${occurrenceId}.`)
      }
      occurrence.deleted = true
      return { status: 204 }
    }
    found.meeting.deleted = true
    return { status: 204 }
  }

  const listMeetings = (accountId: string, userId: string, query: URLSearchParams): Reply => {
    const host = userOf(accountId, userId)
    if (!host) {
      return zoomError(404, 1001, `User does not exist: ${userId}.`)
    }
    const type = query.get('type') ?? 'scheduled'
    const ends = (meeting: MeetingRecord) => Math.max(meeting.start, ...meeting.occurrences.filter((o) => !o.deleted).map((o) => o.start)) + meeting.duration * 60_000
    const filters: Record<string, (meeting: MeetingRecord) => boolean> = {
      scheduled: () => true,
      live: (meeting) => meeting.status === 'started',
      upcoming: (meeting) => meeting.status === 'started' || ends(meeting) >= now(),
      upcoming_meetings: (meeting) => ends(meeting) >= now(),
      previous_meetings: (meeting) => meeting.instances.some((instance) => instance.endedAt !== undefined),
    }
    const filter = filters[type]
    if (!filter) {
      return validationFailed('type')
    }
    const list = [...meetings.values()].filter((meeting) => meeting.accountId === accountId && meeting.host.id === host.id && !meeting.deleted && filter(meeting))
    const page = pager(list, query, `meetings:${accountId}:${host.id}:${type}`)
    if ('refusal' in page) {
      return page.refusal
    }
    const summaries = page.items.map((meeting) => {
      const { uuid, id, host_id, topic, type: kind, start_time, duration, timezone, agenda, created_at, join_url } = meetingJson(meeting)
      return { uuid, id, host_id, topic, type: kind, start_time, duration, timezone, agenda, created_at, join_url }
    })
    return { status: 200, body: { ...page.envelope, meetings: summaries } }
  }

  const listUsers = (accountId: string, query: URLSearchParams): Reply => {
    const status = query.get('status') ?? 'active'
    const page = pager(
      users(accountId).filter((user) => user.status === status),
      query,
      `users:${accountId}:${status}`,
    )
    if ('refusal' in page) {
      return page.refusal
    }
    const list = page.items.map((user) => ({ ...user, display_name: `${user.first_name} ${user.last_name}`.trim(), verified: 1, language: 'en-US', pmi: 0 }))
    return { status: 200, body: { page_number: 1, ...page.envelope, users: list } }
  }

  const registrationOpen = (meeting: MeetingRecord) => meeting.settings.approval_type === 0 || meeting.settings.approval_type === 1

  const addRegistrant = (accountId: string, id: string, query: URLSearchParams, body: unknown): Reply => {
    const found = resolve(accountId, id)
    if (!found) {
      return meetingNotFound(id)
    }
    const { meeting } = found
    if (!registrationOpen(meeting)) {
      return zoomError(400, 3000, `Registration has not been enabled for this meeting: ${meeting.id}.`)
    }
    if (!isObject(body)) {
      return zoomError(400, 300, 'Request Body should be a valid JSON object.')
    }
    if (typeof body.email !== 'string' || !EMAIL.test(body.email)) {
      return validationFailed('email')
    }
    if (typeof body.first_name !== 'string' || !body.first_name || body.first_name.length > 64) {
      return validationFailed('first_name')
    }
    if (body.last_name !== undefined && (typeof body.last_name !== 'string' || body.last_name.length > 64)) {
      return validationFailed('last_name')
    }
    const occurrenceIds = query.get('occurrence_ids')?.split(',').filter(Boolean)
    // An email already registered gets its registration back, not a second one.
    let registrant = meeting.registrants.find((candidate) => !candidate.deleted && candidate.email.toLowerCase() === (body.email as string).toLowerCase())
    if (!registrant) {
      const tk = crypto.randomBytes(32).toString('base64url')
      registrant = {
        id: zoomId(22),
        email: body.email,
        first_name: body.first_name,
        last_name: (body.last_name as string | undefined) ?? '',
        status: meeting.settings.approval_type === 0 ? 'approved' : 'pending',
        create_time: isoSeconds(now()),
        join_url: `${base}/w/${meeting.id}?tk=${tk}&pwd=${meeting.encryptedPassword}`,
        tk,
        occurrenceIds,
        deleted: false,
      }
      meeting.registrants.push(registrant)
    }
    const live = meeting.occurrences.filter((occurrence) => !occurrence.deleted && (!registrant.occurrenceIds || registrant.occurrenceIds.includes(occurrence.occurrence_id)))
    return {
      status: 201,
      body: {
        id: meeting.id,
        join_url: registrant.join_url,
        registrant_id: registrant.id,
        start_time: isoSeconds(live[0]?.start ?? meeting.start),
        topic: meeting.topic,
        ...(meeting.recurrence ? { occurrences: live.map(occurrenceJson) } : {}),
        participant_pin_code: Number.parseInt(crypto.createHash('sha256').update(registrant.id).digest('hex').slice(0, 6), 16) % 1_000_000,
      },
    }
  }

  const listRegistrants = (accountId: string, id: string, query: URLSearchParams): Reply => {
    const found = resolve(accountId, id)
    if (!found) {
      return meetingNotFound(id)
    }
    const status = query.get('status') ?? 'approved'
    const occurrenceId = query.get('occurrence_id')
    const list = found.meeting.registrants.filter(
      (registrant) => !registrant.deleted && registrant.status === status && (!occurrenceId || !registrant.occurrenceIds || registrant.occurrenceIds.includes(occurrenceId)),
    )
    const page = pager(list, query, `registrants:${found.meeting.id}:${status}:${occurrenceId ?? ''}`)
    if ('refusal' in page) {
      return page.refusal
    }
    const registrants = page.items.map(({ id: registrantId, email, first_name, last_name, status: state, create_time, join_url }) => ({
      id: registrantId,
      email,
      first_name,
      last_name,
      status: state,
      create_time,
      join_url,
      custom_questions: [],
    }))
    return { status: 200, body: { page_number: 1, ...page.envelope, registrants } }
  }

  const deleteRegistrant = (accountId: string, id: string, registrantId: string): Reply => {
    const found = resolve(accountId, id)
    if (!found) {
      return meetingNotFound(id)
    }
    const registrant = found.meeting.registrants.find((candidate) => candidate.id === registrantId && !candidate.deleted)
    if (!registrant) {
      return zoomError(404, 3000, `Registrant does not exist: ${registrantId}.`)
    }
    registrant.deleted = true
    return { status: 204 }
  }

  /** The participants report of an ended instance: the latest one for a meeting id, that one for a UUID. */
  const reportParticipants = (accountId: string, id: string, query: URLSearchParams): Reply => {
    const found = resolve(accountId, id)
    const instance = found?.instance ?? found?.meeting.instances.filter((candidate) => candidate.endedAt !== undefined).at(-1)
    if (!found || !instance || instance.endedAt === undefined) {
      return meetingNotFound(id)
    }
    const page = pager(instance.segments, query, `report:${instance.uuid}`)
    if ('refusal' in page) {
      return page.refusal
    }
    const participants = page.items.map((segment) => {
      const leave = segment.leaveTime ?? (instance.endedAt as number)
      return {
        id: segment.person.zoomUserId ?? '',
        user_id: segment.userId,
        name: segment.person.name,
        user_email: segment.person.email,
        join_time: isoSeconds(segment.joinTime),
        leave_time: isoSeconds(leave),
        duration: Math.round((leave - segment.joinTime) / 1000),
        attentiveness_score: '',
        failover: false,
        status: 'in_meeting',
        customer_key: '',
        participant_user_id: segment.person.zoomUserId ?? '',
        ...(segment.person.registrantId ? { registrant_id: segment.person.registrantId } : {}),
      }
    })
    return { status: 200, body: { ...page.envelope, participants } }
  }

  return {
    meetings,
    resolve,
    createMeeting,
    getMeeting,
    updateMeeting,
    deleteMeeting,
    listMeetings,
    listUsers,
    addRegistrant,
    listRegistrants,
    deleteRegistrant,
    reportParticipants,
  }
}

export type Meetings = ReturnType<typeof createMeetings>
