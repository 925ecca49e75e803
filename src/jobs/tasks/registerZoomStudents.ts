import type { TaskConfig } from 'payload'

import { registerStudents } from '@/domain/live/registrations'

/** Registers a class's students (active or completed enrollments) for its meeting, each with their own join link; takes back those who left. */
export const registerZoomStudents: TaskConfig<'registerZoomStudents'> = {
  slug: 'registerZoomStudents',
  label: 'Register a live class’s students with Zoom',
  retries: { attempts: 8, backoff: { type: 'exponential', delay: 15_000 } },
  inputSchema: [{ name: 'liveClass', type: 'number', required: true }],
  outputSchema: [
    { name: 'registered', type: 'number', required: true },
    { name: 'removed', type: 'number', required: true },
  ],
  handler: async ({ input, req }) => ({ output: await registerStudents(req, input.liveClass) }),
}
