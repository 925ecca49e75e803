import type { TaskConfig } from 'payload'

import { retryProviderEvents } from '@/domain/payments/retryProviderEvents'

/** Every few minutes: payment webhooks recorded but not applied (a failure, a crash) are applied now. */
export const applyProviderEvents: TaskConfig<'applyProviderEvents'> = {
  slug: 'applyProviderEvents',
  label: 'Apply payment events not applied yet',
  schedule: [{ cron: '*/5 * * * *', queue: 'maintenance' }],
  outputSchema: [{ name: 'applied', type: 'number', required: true }],
  handler: async ({ req }) => ({ output: { applied: await retryProviderEvents(req) } }),
}
