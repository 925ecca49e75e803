import type { TaskConfig } from 'payload'

import { releaseAbandoned } from '@/domain/ai/budget'

/** Every ten minutes: AI reservations whose call never closed them (its process ended) are released. */
export const releaseAiReservations: TaskConfig<'releaseAiReservations'> = {
  slug: 'releaseAiReservations',
  label: 'Release abandoned AI reservations',
  schedule: [{ cron: '*/10 * * * *', queue: 'maintenance' }],
  outputSchema: [{ name: 'released', type: 'number', required: true }],
  handler: async ({ req }) => ({ output: { released: await releaseAbandoned(req) } }),
}
