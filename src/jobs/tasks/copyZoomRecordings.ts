import type { TaskConfig } from 'payload'

import { copyRecordings } from '@/domain/live/recordings'

/** After recording.completed: the class's recording files are copied home and checked. */
export const copyZoomRecordings: TaskConfig<'copyZoomRecordings'> = {
  slug: 'copyZoomRecordings',
  label: 'Copy a live class’s Zoom recording into storage',
  // Zoom keeps cloud recordings for weeks at least: tried again from a minute on, for about a day.
  retries: { attempts: 10, backoff: { type: 'exponential', delay: 60_000 } },
  inputSchema: [{ name: 'liveClass', type: 'number', required: true }],
  outputSchema: [{ name: 'copied', type: 'number', required: true }],
  handler: async ({ input, req }) => ({ output: await copyRecordings(req, input.liveClass) }),
}
