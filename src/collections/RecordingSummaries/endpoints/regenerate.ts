import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { queueSummary } from '@/domain/ai/summaries/summarize'
import { readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { inTransaction } from '@/services/database/transactions'
import { isCourseStaff } from '@/domain/identity/staff'
import { relationId } from '@/shared/relationId'
import { RECORDING_SUMMARIES } from '@/shared/slugs'

/**
 * `POST /api/recording-summaries/:id/regenerate`: the course's staff ask the AI to write a
 * draft again (after a spent budget, or one they do not like). 202 once queued; 409 for a
 * published summary (take it back to a draft first) or one being written now.
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
    if (summary._status === 'published') {
      throw new APIError('This summary is published: unpublish it before asking for a new draft.', 409)
    }
    if (summary.generation?.state === 'writing') {
      throw new APIError('The AI is writing this summary now.', 409)
    }
    const recording = relationId(summary.recording)
    if (!recording) {
      throw new APIError('The class’s transcript is no longer kept: this summary cannot be written again.', 409)
    }
    await inTransaction(req, () => queueSummary(req, recording, true))
    return Response.json({ message: 'A new draft is being written.', summary: summary.id }, { status: 202 })
  },
}
