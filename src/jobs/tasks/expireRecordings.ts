import type { TaskConfig } from 'payload'

import { expireRecordings as expire } from '@/domain/live/recordings'

/** Every hour: recordings past their school's retention period are deleted, with their files. */
export const expireRecordings: TaskConfig<'expireRecordings'> = {
  slug: 'expireRecordings',
  label: 'Delete recordings past their retention',
  schedule: [{ cron: '23 * * * *', queue: 'maintenance' }],
  outputSchema: [{ name: 'deleted', type: 'number', required: true }],
  handler: async ({ req }) => ({ output: await expire(req) }),
}
