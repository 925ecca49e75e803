import type { TaskConfig } from 'payload'

import { announceStartingSoon } from '@/domain/live/startingSoon'

/** Every five minutes: classes starting within the hour are announced, once each. */
export const announceLiveClasses: TaskConfig<'announceLiveClasses'> = {
  slug: 'announceLiveClasses',
  label: 'Announce live classes starting soon',
  schedule: [{ cron: '*/5 * * * *', queue: 'maintenance' }],
  outputSchema: [{ name: 'announced', type: 'number', required: true }],
  handler: async ({ req }) => ({ output: { announced: await announceStartingSoon(req) } }),
}
