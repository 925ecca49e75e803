import type { TaskConfig } from 'payload'

import { syncMeeting } from '@/domain/live/meetings'

/** Makes, moves or removes a live class's Zoom meeting; queued by every change to the class, safe to run twice. */
export const syncZoomMeeting: TaskConfig<'syncZoomMeeting'> = {
  slug: 'syncZoomMeeting',
  label: 'Keep a live class’s Zoom meeting in line',
  retries: { attempts: 8, backoff: { type: 'exponential', delay: 15_000 } },
  inputSchema: [{ name: 'liveClass', type: 'number', required: true }],
  outputSchema: [{ name: 'state', type: 'text' }],
  handler: async ({ input, req }) => ({ output: { state: (await syncMeeting(req, input.liveClass))?.state ?? 'unchanged' } }),
}
