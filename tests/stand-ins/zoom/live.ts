import crypto from 'node:crypto'

import { meetingEvent, participantEvent, recordingCompletedEvent, type ZoomEvent } from './events'
import type { Instance, MeetingRecord, Meetings, Person, Segment } from './meetings'
import type { RecordingSet, RecordOptions, Recordings } from './recordings'
import { instanceUuid } from './wire'

/** A time for the simulation: a Date, an ISO string or epoch milliseconds; now when left out. */
export type At = Date | string | number

/** Someone in a meeting, across reconnects: pass it back to `leave`, and to `join` again to reconnect. */
export type Participant = { meetingId: number; person: Person; segment?: Segment }

export type JoinAs =
  /** Through a registrant's own join link (as the learner site hands it out). */
  | { joinUrl: string }
  | { registrantId: string }
  /** Without registering (the meeting's shared link): Zoom knows only the name typed and maybe an email. */
  | { name: string; email?: string }
  /** The same person again after a drop: a new stay, a new per-meeting user id. */
  | { participant: Participant }

/** Zoom's download_token lives 24 hours. */
const DOWNLOAD_TOKEN_SECONDS = 24 * 60 * 60

/**
 * What happens in Zoom's client, played by tests: a host starts a meeting, people join (through
 * their registrant links or not), drop and come back, leave, the meeting ends and its cloud
 * recording completes. Each step changes what the API reports and makes the events Zoom sends.
 */
export const createLive = ({ meetings, recordings, now }: { meetings: Meetings; recordings: Recordings; now: () => number }) => {
  let nextUserId = 16_778_240

  const ms = (at: At | undefined): number => (at === undefined ? now() : at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : at)

  const meetingOf = (meetingId: number | string): MeetingRecord => {
    const meeting = meetings.meetings.get(Number(meetingId))
    if (!meeting || meeting.deleted) {
      throw new Error(`Zoom stand-in: no meeting ${meetingId}`)
    }
    return meeting
  }

  const current = (meeting: MeetingRecord): Instance => {
    const instance = meeting.instances.at(-1)
    if (meeting.status !== 'started' || !instance) {
      throw new Error(`Zoom stand-in: meeting ${meeting.id} has not started`)
    }
    return instance
  }

  const openSegment = (instance: Instance, person: Person, at: number): Segment => {
    const segment = { person, userId: String(nextUserId), joinTime: at }
    nextUserId += 1024
    instance.segments.push(segment)
    return segment
  }

  const start = (meetingId: number | string, { at, uuid, hostJoins = true }: { at?: At; uuid?: string; hostJoins?: boolean } = {}): ZoomEvent[] => {
    const meeting = meetingOf(meetingId)
    const busy = [...meetings.meetings.values()].find((other) => other !== meeting && other.status === 'started' && other.host.id === meeting.host.id)
    if (busy) {
      // Zoom lets a user host one meeting at a time.
      throw new Error(`Zoom stand-in: host ${meeting.host.email} is already hosting meeting ${busy.id}`)
    }
    if (meeting.status === 'started') {
      throw new Error(`Zoom stand-in: meeting ${meeting.id} has already started`)
    }
    const startedAt = ms(at)
    const instance: Instance = { uuid: uuid ?? (meeting.instances.length === 0 ? meeting.uuid : instanceUuid()), startedAt, segments: [] }
    meeting.instances.push(instance)
    meeting.status = 'started'
    const events = [meetingEvent('meeting.started', meeting, instance, startedAt)]
    if (hostJoins) {
      const host = meeting.host
      const person = { participantUuid: crypto.randomUUID().toUpperCase(), name: `${host.first_name} ${host.last_name}`.trim(), email: host.email, zoomUserId: host.id }
      events.push(participantEvent('meeting.participant_joined', meeting, instance, openSegment(instance, person, startedAt)))
    }
    return events
  }

  const personFor = (meeting: MeetingRecord, as: JoinAs): Person => {
    if ('participant' in as) {
      return as.participant.person
    }
    if ('name' in as) {
      return { participantUuid: crypto.randomUUID().toUpperCase(), name: as.name, email: as.email ?? '' }
    }
    const registrant =
      'joinUrl' in as
        ? meeting.registrants.find((candidate) => new URL(as.joinUrl).searchParams.get('tk') === candidate.tk && new URL(as.joinUrl).pathname.endsWith(`/${meeting.id}`))
        : meeting.registrants.find((candidate) => candidate.id === as.registrantId)
    if (!registrant || registrant.deleted) {
      throw new Error(`Zoom stand-in: no registration for that link in meeting ${meeting.id}`)
    }
    if (registrant.status !== 'approved') {
      throw new Error(`Zoom stand-in: registration ${registrant.id} is ${registrant.status}, not approved`)
    }
    return {
      participantUuid: crypto.randomUUID().toUpperCase(),
      name: `${registrant.first_name} ${registrant.last_name}`.trim(),
      email: registrant.email,
      registrantId: registrant.id,
    }
  }

  const join = (meetingId: number | string, as: JoinAs, { at }: { at?: At } = {}): { participant: Participant; events: ZoomEvent[] } => {
    const meeting = meetingOf(meetingId)
    const instance = current(meeting)
    const person = personFor(meeting, as)
    if (instance.segments.some((segment) => segment.person === person && segment.leaveTime === undefined)) {
      throw new Error(`Zoom stand-in: ${person.name} is already in meeting ${meeting.id}`)
    }
    const segment = openSegment(instance, person, ms(at))
    return { participant: { meetingId: meeting.id, person, segment }, events: [participantEvent('meeting.participant_joined', meeting, instance, segment)] }
  }

  const leave = (participant: Participant, { at, reason }: { at?: At; reason?: string } = {}): ZoomEvent[] => {
    const meeting = meetingOf(participant.meetingId)
    const instance = current(meeting)
    const segment = instance.segments.find((candidate) => candidate.person === participant.person && candidate.leaveTime === undefined)
    if (!segment) {
      throw new Error(`Zoom stand-in: ${participant.person.name} is not in meeting ${meeting.id}`)
    }
    segment.leaveTime = ms(at)
    return [participantEvent('meeting.participant_left', meeting, instance, segment, reason)]
  }

  /**
   * Ends the meeting: everyone still in leaves at that moment (one participant_left each, as
   * Zoom sends), then meeting.ended; with `record`, the cloud recording's files are made and
   * recording.completed follows with a fresh download token.
   */
  const end = (
    meetingId: number | string,
    { at, record }: { at?: At; record?: boolean | RecordOptions } = {},
  ): { events: ZoomEvent[]; instance: Instance; recording?: RecordingSet; downloadToken?: string } => {
    const meeting = meetingOf(meetingId)
    const instance = current(meeting)
    const endedAt = ms(at)
    const events: ZoomEvent[] = []
    for (const segment of instance.segments.filter((candidate) => candidate.leaveTime === undefined)) {
      segment.leaveTime = endedAt
      events.push(participantEvent('meeting.participant_left', meeting, instance, segment, 'left the meeting. Reason : Host ended the meeting'))
    }
    instance.endedAt = endedAt
    meeting.status = 'waiting'
    events.push(meetingEvent('meeting.ended', meeting, instance, endedAt))
    if (!record) {
      return { events, instance }
    }
    const recording = recordings.record(meeting, instance, record === true ? {} : record)
    const downloadToken = recordings.mintDownloadToken(meeting.accountId, instance.uuid, DOWNLOAD_TOKEN_SECONDS)
    events.push(recordingCompletedEvent(meeting.accountId, recordings.recordingJson(recording), downloadToken, endedAt))
    return { events, instance, recording, downloadToken }
  }

  return { start, join, leave, end }
}
