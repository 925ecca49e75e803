import type { TaskConfig } from 'payload'

import { reconcileAttendance } from '@/domain/live/reconcile'

/** After a class ends: Zoom's participants report fills in what lost join and leave events missed. */
export const reconcileZoomAttendance: TaskConfig<'reconcileZoomAttendance'> = {
  slug: 'reconcileZoomAttendance',
  label: 'Reconcile a live class’s attendance with Zoom’s report',
  // Zoom's report comes minutes after the end: tried again from a minute on, for about a day.
  retries: { attempts: 10, backoff: { type: 'exponential', delay: 60_000 } },
  inputSchema: [{ name: 'liveClass', type: 'number', required: true }],
  outputSchema: [{ name: 'stays', type: 'number', required: true }],
  handler: async ({ input, req }) => ({ output: await reconcileAttendance(req, input.liveClass) }),
}
