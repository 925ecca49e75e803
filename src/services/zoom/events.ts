import type { RecordingFile } from './types'

/**
 * Zoom's webhook notifications Aqoon listens to, as Zoom sends them. Types only: a receiver
 * checks the signature first and then validates the body itself. Zoom's events carry no id of
 * their own, and a retry carries the same body again.
 */

/** The meeting in an event. Zoom writes `id` as a string in meeting events and a number in recording ones. */
export type ZoomEventMeeting = {
  id: string | number
  uuid: string
  host_id: string
  topic?: string
  type?: number
  start_time?: string
  end_time?: string
  timezone?: string
  duration?: number
}

export type ZoomEventParticipant = {
  /** The participant's id within this meeting instance. */
  user_id: string
  user_name: string
  /** The Zoom user's id when they signed in to Zoom, else empty. */
  id?: string
  participant_uuid?: string
  /** Present when they joined through a registrant's own link: the reliable key to one student. */
  registrant_id?: string
  email?: string
  participant_user_id?: string
  customer_key?: string
  join_time?: string
  leave_time?: string
  leave_reason?: string
}

type Envelope<Name extends string, Object> = { event: Name; event_ts: number; payload: { account_id: string; object: Object } }

export type ZoomUrlValidationEvent = { event: 'endpoint.url_validation'; event_ts: number; payload: { plainToken: string } }
export type ZoomMeetingEvent = Envelope<'meeting.started' | 'meeting.ended', ZoomEventMeeting>
export type ZoomParticipantEvent = Envelope<'meeting.participant_joined' | 'meeting.participant_left', ZoomEventMeeting & { participant: ZoomEventParticipant }>
export type ZoomRecordingCompletedEvent = Envelope<
  'recording.completed',
  ZoomEventMeeting & { host_email?: string; total_size?: number; recording_count?: number; share_url?: string; recording_files: RecordingFile[] }
> & {
  /** A bearer token for the files' download URLs, valid 24 hours. */
  download_token?: string
}

export type ZoomWebhookEvent = ZoomUrlValidationEvent | ZoomMeetingEvent | ZoomParticipantEvent | ZoomRecordingCompletedEvent
