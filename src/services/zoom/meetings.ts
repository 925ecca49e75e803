import type { ZoomApi } from './api'
import { unexpectedAnswer } from './errors'
import { paged } from './paging'
import { meetingSegment, segment } from './paths'
import type { Meeting, MeetingId, MeetingInput, MeetingSummary, MeetingUpdate } from './types'

const isMeeting = (body: unknown): body is Meeting =>
  Boolean(body) && typeof (body as { id?: unknown }).id === 'number' && typeof (body as { join_url?: unknown }).join_url === 'string'

/** Meetings: create for a host, read, move or change (one occurrence or the series), delete, list a host's. */
export const meetingCalls = (api: ZoomApi) => ({
  /**
   * Creates a meeting hosted by `userId` (a user id, email or `me`, the account's owner). Not
   * tried again after a 5xx: Zoom might have made it, and has no idempotency key. A job that
   * may run twice looks among the host's meetings (`listMeetings`) before creating another.
   */
  createMeeting: async ({ userId = 'me', meeting }: { userId?: string; meeting: MeetingInput }): Promise<Meeting> => {
    const path = `/users/${segment(userId, 'user id')}/meetings`
    const body = await api.call('POST', path, { body: meeting })
    if (!isMeeting(body)) {
      throw unexpectedAnswer(`POST ${path}`, 'a meeting id and join URL')
    }
    return body
  },

  getMeeting: async ({ meetingId, occurrenceId, showPreviousOccurrences }: { meetingId: MeetingId; occurrenceId?: string; showPreviousOccurrences?: boolean }): Promise<Meeting> => {
    const path = `/meetings/${meetingSegment(meetingId)}`
    const body = await api.call('GET', path, { query: { occurrence_id: occurrenceId, show_previous_occurrences: showPreviousOccurrences } })
    if (!isMeeting(body)) {
      throw unexpectedAnswer(`GET ${path}`, 'a meeting id and join URL')
    }
    return body
  },

  /** Changes the series, or with `occurrenceId` one occurrence (its start time, duration, agenda). Zoom answers 204. */
  updateMeeting: async ({ meetingId, changes, occurrenceId }: { meetingId: MeetingId; changes: MeetingUpdate; occurrenceId?: string }): Promise<void> => {
    await api.call('PATCH', `/meetings/${meetingSegment(meetingId)}`, { query: { occurrence_id: occurrenceId }, body: changes })
  },

  /**
   * Deletes the meeting, or with `occurrenceId` one occurrence. A meeting already gone is a
   * ZoomError with status 404 and code 3001: a caller that deletes may count that as done.
   */
  deleteMeeting: async ({
    meetingId,
    occurrenceId,
    cancelMeetingReminder,
  }: {
    meetingId: MeetingId
    occurrenceId?: string
    /** Zoom emails the host and registrants that the meeting was cancelled. */
    cancelMeetingReminder?: boolean
  }): Promise<void> => {
    await api.call('DELETE', `/meetings/${meetingSegment(meetingId)}`, { query: { occurrence_id: occurrenceId, cancel_meeting_reminder: cancelMeetingReminder } })
  },

  /** A host's meetings, page after page. */
  listMeetings: ({
    userId = 'me',
    type = 'upcoming',
    pageSize,
  }: {
    userId?: string
    type?: 'scheduled' | 'live' | 'upcoming' | 'upcoming_meetings' | 'previous_meetings'
    pageSize?: number
  }): AsyncGenerator<MeetingSummary> => paged<MeetingSummary>({ api, path: `/users/${segment(userId, 'user id')}/meetings`, key: 'meetings', query: { type }, pageSize }),
})
