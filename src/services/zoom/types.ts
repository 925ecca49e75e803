/**
 * Zoom's own shapes (snake_case, as on the wire), reduced to the fields Aqoon reads or writes.
 * Zoom sends more; the client hands answers on as they came.
 */

/** Meeting ids are numbers of up to 11 digits; a UUID names one instance (one time it was held). */
export type MeetingId = number | string

/** 1 instant, 2 scheduled, 3 recurring without fixed time, 8 recurring with fixed time. */
export type MeetingType = 1 | 2 | 3 | 8

/** Weekly recurrence as Zoom writes it: `weekly_days` is a comma list, 1 = Sunday ... 7 = Saturday. */
export type Recurrence = {
  /** 1 daily, 2 weekly, 3 monthly. */
  type: 1 | 2 | 3
  repeat_interval?: number
  weekly_days?: string
  /** How many occurrences (Zoom's maximum is 60); or `end_date_time`, not both. */
  end_times?: number
  end_date_time?: string
}

export type MeetingSettings = {
  host_video?: boolean
  participant_video?: boolean
  join_before_host?: boolean
  waiting_room?: boolean
  mute_upon_entry?: boolean
  /** 0 registration approved automatically, 1 approved by hand, 2 no registration (Zoom's default). */
  approval_type?: 0 | 1 | 2
  /** 1 register once for every occurrence, 2 for each occurrence, 3 once for chosen ones. */
  registration_type?: 1 | 2 | 3
  auto_recording?: 'local' | 'cloud' | 'none'
  registrants_email_notification?: boolean
  registrants_confirmation_email?: boolean
  meeting_authentication?: boolean
}

export type MeetingInput = {
  topic: string
  type: MeetingType
  /** `yyyy-MM-ddTHH:mm:ssZ` (UTC), or local time without `Z` read in `timezone`. */
  start_time?: string
  /** Minutes. */
  duration?: number
  /** An IANA name Zoom knows, such as `Africa/Mogadishu`. */
  timezone?: string
  /** Up to 10 characters: letters, digits and `@ - _ *`. */
  password?: string
  agenda?: string
  recurrence?: Recurrence
  settings?: MeetingSettings
}

export type Occurrence = { occurrence_id: string; start_time: string; duration: number; status: 'available' | 'deleted' }

export type Meeting = {
  id: number
  uuid: string
  host_id: string
  host_email?: string
  topic: string
  type: MeetingType
  status?: 'waiting' | 'started'
  start_time?: string
  duration?: number
  timezone?: string
  agenda?: string
  created_at?: string
  /** The host's link: starts the meeting as its host. Never shown to anyone else. */
  start_url: string
  join_url: string
  password?: string
  recurrence?: Recurrence
  occurrences?: Occurrence[]
  settings?: MeetingSettings
}

/** An entry of a user's meeting list (`GET /users/{userId}/meetings`). */
export type MeetingSummary = Pick<Meeting, 'id' | 'uuid' | 'host_id' | 'topic' | 'type' | 'start_time' | 'duration' | 'timezone' | 'agenda' | 'created_at' | 'join_url'>

export type MeetingUpdate = Partial<MeetingInput>

export type ZoomUser = {
  id: string
  email: string
  first_name?: string
  last_name?: string
  display_name?: string
  /** 1 basic, 2 licensed. Only licensed users host meetings longer than 40 minutes with others. */
  type: number
  status: 'active' | 'inactive' | 'pending'
  timezone?: string
  pmi?: number
}

export type RegistrantInput = {
  email: string
  first_name: string
  last_name?: string
}

/** Zoom's answer to a registration: the attendee's own join link and the id their participant events carry. */
export type Registration = {
  id: number
  registrant_id: string
  join_url: string
  topic?: string
  start_time?: string
  occurrences?: Occurrence[]
  participant_pin_code?: number
}

export type Registrant = {
  id: string
  email: string
  first_name: string
  last_name?: string
  status: 'approved' | 'pending' | 'denied'
  create_time?: string
  join_url: string
}

/** One stay of one participant in a past meeting: a reconnect is a second record. */
export type ReportParticipant = {
  /** The Zoom user's id when they signed in to Zoom, else empty. */
  id: string
  /** The participant's id within this meeting. */
  user_id: string
  name: string
  user_email: string
  join_time: string
  leave_time: string
  /** Seconds. */
  duration: number
  registrant_id?: string
  participant_user_id?: string
  status?: 'in_meeting' | 'in_waiting_room'
  failover?: boolean
  customer_key?: string
}

export type RecordingFile = {
  id: string
  meeting_id: string
  recording_start: string
  recording_end: string
  /** MP4, M4A, TRANSCRIPT, CHAT, CC, TIMELINE, SUMMARY... */
  file_type: string
  file_extension?: string
  file_size: number
  play_url?: string
  download_url: string
  status: 'completed' | 'processing'
  recording_type?: string
}

export type MeetingRecordings = {
  id: number
  uuid: string
  host_id: string
  topic: string
  start_time: string
  duration: number
  total_size: number
  recording_count: number
  share_url?: string
  recording_files: RecordingFile[]
  /** Present when asked for (`include_fields=download_access_token`): a bearer token for the files. */
  download_access_token?: string
}

/** Zoom's page envelope; `next_page_token` is empty on the last page. */
export type Page = { page_size: number; total_records: number; next_page_token?: string; page_count?: number }
