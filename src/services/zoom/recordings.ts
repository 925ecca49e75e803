import type { ZoomApi } from './api'
import { unexpectedAnswer } from './errors'
import { meetingSegment, segment } from './paths'
import type { MeetingId, MeetingRecordings } from './types'

const isRecordings = (body: unknown): body is MeetingRecordings => Boolean(body) && Array.isArray((body as { recording_files?: unknown }).recording_files)

/** Cloud recordings of one meeting instance: list its files (and a token to fetch them), delete. */
export const recordingCalls = (api: ZoomApi) => ({
  /**
   * The recording files of a meeting: with a meeting id its latest instance, with an instance's
   * UUID that one (a recurring meeting has one per occurrence held). `downloadTokenTtlSeconds`
   * asks Zoom for a `download_access_token` living that long (at most 7 days).
   */
  getRecordings: async ({ meetingId, downloadTokenTtlSeconds }: { meetingId: MeetingId; downloadTokenTtlSeconds?: number }): Promise<MeetingRecordings> => {
    const path = `/meetings/${meetingSegment(meetingId)}/recordings`
    const query = downloadTokenTtlSeconds === undefined ? {} : { include_fields: 'download_access_token', ttl: Math.min(604_800, Math.max(0, Math.floor(downloadTokenTtlSeconds))) }
    const body = await api.call('GET', path, { query })
    if (!isRecordings(body)) {
      throw unexpectedAnswer(`GET ${path}`, 'recording files')
    }
    if (downloadTokenTtlSeconds !== undefined && typeof body.download_access_token !== 'string') {
      throw unexpectedAnswer(`GET ${path}`, 'the download access token asked for')
    }
    return body
  },

  /** Every file of the instance: `trash` (Zoom keeps it 30 days) or `delete` for good. */
  deleteRecordings: async ({ meetingId, action = 'trash' }: { meetingId: MeetingId; action?: 'trash' | 'delete' }): Promise<void> => {
    await api.call('DELETE', `/meetings/${meetingSegment(meetingId)}/recordings`, { query: { action } })
  },

  deleteRecordingFile: async ({ meetingId, recordingId, action = 'trash' }: { meetingId: MeetingId; recordingId: string; action?: 'trash' | 'delete' }): Promise<void> => {
    await api.call('DELETE', `/meetings/${meetingSegment(meetingId)}/recordings/${segment(recordingId, 'recording file id')}`, { query: { action } })
  },
})
