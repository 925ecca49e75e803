import type { TaskConfig } from 'payload'

import { tendRecordings as tend } from '@/domain/live/recordings'

/** Every hour: recordings past their school's retention are deleted; copies whose job gave up are queued again. */
export const tendRecordings: TaskConfig<'tendRecordings'> = {
  slug: 'tendRecordings',
  label: 'Expire recordings and retry their copies',
  schedule: [{ cron: '23 * * * *', queue: 'maintenance' }],
  outputSchema: [
    { name: 'deleted', type: 'number', required: true },
    { name: 'retried', type: 'number', required: true },
  ],
  handler: async ({ req }) => ({ output: await tend(req) }),
}
