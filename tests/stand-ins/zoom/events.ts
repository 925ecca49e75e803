import type { Instance, MeetingRecord, Segment } from './meetings'
import { isoSeconds } from './wire'

/** A webhook notification's body, as Zoom writes it. */
export type ZoomEvent = { event: string; event_ts: number; payload: { account_id: string; object: Record<string, unknown> }; download_token?: string }

/** The meeting as meeting and participant events carry it: Zoom writes its id as a string there. */
const meetingObject = (meeting: MeetingRecord, instance: Instance) => ({
  id: String(meeting.id),
  uuid: instance.uuid,
  host_id: meeting.host.id,
  topic: meeting.topic,
  type: meeting.type,
  start_time: isoSeconds(instance.startedAt),
  timezone: meeting.timezone,
  duration: meeting.duration,
})

export const meetingEvent = (name: 'meeting.started' | 'meeting.ended', meeting: MeetingRecord, instance: Instance, at: number): ZoomEvent => ({
  event: name,
  event_ts: at,
  payload: {
    account_id: meeting.accountId,
    object: { ...meetingObject(meeting, instance), ...(name === 'meeting.ended' && instance.endedAt !== undefined ? { end_time: isoSeconds(instance.endedAt) } : {}) },
  },
})

/** `meeting.participant_joined` / `_left`: the registrant's id and email when they came through their own link. */
export const participantEvent = (
  name: 'meeting.participant_joined' | 'meeting.participant_left',
  meeting: MeetingRecord,
  instance: Instance,
  segment: Segment,
  leaveReason?: string,
): ZoomEvent => {
  const { person } = segment
  const at = name === 'meeting.participant_joined' ? segment.joinTime : (segment.leaveTime ?? segment.joinTime)
  return {
    event: name,
    event_ts: at,
    payload: {
      account_id: meeting.accountId,
      object: {
        ...meetingObject(meeting, instance),
        participant: {
          user_id: segment.userId,
          user_name: person.name,
          id: person.zoomUserId ?? '',
          participant_uuid: person.participantUuid,
          ...(name === 'meeting.participant_joined' ? { join_time: isoSeconds(segment.joinTime) } : { leave_time: isoSeconds(at), leave_reason: leaveReason ?? 'left the meeting. Reason : left the meeting' }),
          email: person.email,
          ...(person.registrantId ? { registrant_id: person.registrantId } : {}),
          participant_user_id: person.zoomUserId ?? '',
          customer_key: '',
          phone_number: '',
        },
      },
    },
  }
}

/** `recording.completed`: the recording object and, beside the payload, a download token valid 24 hours. */
export const recordingCompletedEvent = (accountId: string, object: Record<string, unknown>, downloadToken: string, at: number): ZoomEvent => ({
  event: 'recording.completed',
  event_ts: at,
  payload: { account_id: accountId, object },
  download_token: downloadToken,
})
