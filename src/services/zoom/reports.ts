import type { ZoomApi } from './api'
import { paged } from './paging'
import { meetingSegment } from './paths'
import type { MeetingId, ReportParticipant } from './types'

/** Zoom's reports (Pro plans and up). */
export const reportCalls = (api: ZoomApi) => ({
  /**
   * Everyone who was in a past meeting, one record per stay (a reconnect is another record),
   * page after page. With a meeting id Zoom reports its latest instance; with an instance's
   * UUID, that one. Reports come some minutes after the meeting ends.
   */
  pastParticipants: ({ meetingId, pageSize }: { meetingId: MeetingId; pageSize?: number }): AsyncGenerator<ReportParticipant> =>
    paged<ReportParticipant>({ api, path: `/report/meetings/${meetingSegment(meetingId)}/participants`, key: 'participants', pageSize }),
})
