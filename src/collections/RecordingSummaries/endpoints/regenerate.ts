import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { isBeingWritten, queueSummary } from '@/domain/ai/summaries/summarize'
import { readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { inTransaction, LOCKS, lockFor } from '@/services/database/transactions'
import { isCourseStaff } from '@/domain/identity/staff'
import { relationId } from '@/shared/relationId'
import { RECORDING_SUMMARIES } from '@/shared/slugs'

/**
 * `POST /api/recording-summaries/:id/regenerate`: the course's staff ask the AI to write a
 * draft again (after a spent budget, or one they do not like). 202 once queued; 409 for a
 * published summary (take it back to a draft first), or one asked for or being written now.
 */
export const regenerateSummary: Endpoint = {
  path: '/:id/regenerate',
  method: 'post',
  handler: async (req) => {
    requirePerson(req, 'ask for a summary')
    const summary = await readableOr404(req, RECORDING_SUMMARIES, routeId(req, 'id', 'summary'), 'summary')
    if (!(await isCourseStaff(req, { tenant: summary.tenant, course: relationId(summary.course) ?? undefined }))) {
      throw new APIError('Only the course’s instructors and the school’s admins ask for a summary.', 403)
    }
    const recording = relationId(summary.recording)
    if (!recording) {
      throw new APIError('The class’s transcript is no longer kept: this summary cannot be written again.', 409)
    }
    // Under the recording's lock, as the job takes it: one draft asked for at a time, however often the button is pressed.
    await inTransaction(req, async () => {
      await lockFor(req, LOCKS.recordingSummary, recording)
      const now = await req.payload.findByID({ collection: RECORDING_SUMMARIES, id: summary.id, depth: 0, overrideAccess: true, req })
      if (now._status === 'published') {
        throw new APIError('This summary is published: unpublish it before asking for a new draft.', 409)
      }
      if (isBeingWritten(now.generation)) {
        throw new APIError('A new draft of this summary has been asked for and is being written.', 409)
      }
      await req.payload.update({ collection: RECORDING_SUMMARIES, id: summary.id, data: { generation: { state: 'queued', startedAt: new Date().toISOString(), error: null } }, overrideAccess: true, depth: 0, req })
      await queueSummary(req, recording, true)
    })
    return Response.json({ message: 'A new draft is being written.', summary: summary.id }, { status: 202 })
  },
}
