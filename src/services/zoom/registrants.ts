import type { ZoomApi } from './api'
import { unexpectedAnswer } from './errors'
import { paged } from './paging'
import { meetingSegment, segment } from './paths'
import type { MeetingId, Registrant, RegistrantInput, Registration } from './types'

const isRegistration = (body: unknown): body is Registration =>
  Boolean(body) && typeof (body as { registrant_id?: unknown }).registrant_id === 'string' && typeof (body as { join_url?: unknown }).join_url === 'string'

/**
 * Registrants: each attendee gets a join link of their own, and their `registrant_id` comes back
 * in participant events and the participants report, so a participant maps to one person.
 * The meeting needs registration on (`settings.approval_type` 0 or 1).
 */
export const registrantCalls = (api: ZoomApi) => ({
  /**
   * Registers one attendee. Tried again after a 5xx like a read: Zoom answers an email already
   * registered for the meeting with the registration it has, not a second one.
   */
  addRegistrant: async ({
    meetingId,
    registrant,
    occurrenceIds,
  }: {
    meetingId: MeetingId
    registrant: RegistrantInput
    /** For a recurring meeting registered per occurrence: which ones (comma-joined for Zoom). */
    occurrenceIds?: string[]
  }): Promise<Registration> => {
    const path = `/meetings/${meetingSegment(meetingId)}/registrants`
    const body = await api.call('POST', path, { query: { occurrence_ids: occurrenceIds?.join(',') }, body: registrant, idempotent: true })
    if (!isRegistration(body)) {
      throw unexpectedAnswer(`POST ${path}`, 'a registrant id and join URL')
    }
    return body
  },

  listRegistrants: ({
    meetingId,
    status = 'approved',
    occurrenceId,
    pageSize,
  }: {
    meetingId: MeetingId
    status?: 'approved' | 'pending' | 'denied'
    occurrenceId?: string
    pageSize?: number
  }): AsyncGenerator<Registrant> =>
    paged<Registrant>({ api, path: `/meetings/${meetingSegment(meetingId)}/registrants`, key: 'registrants', query: { status, occurrence_id: occurrenceId }, pageSize }),

  /** Takes a registration back (a student unenrolled): their join link stops working. */
  deleteRegistrant: async ({ meetingId, registrantId, occurrenceId }: { meetingId: MeetingId; registrantId: string; occurrenceId?: string }): Promise<void> => {
    await api.call('DELETE', `/meetings/${meetingSegment(meetingId)}/registrants/${segment(registrantId, 'registrant id')}`, { query: { occurrence_id: occurrenceId } })
  },
})
