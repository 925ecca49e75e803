import type { TaskConfig } from 'payload'

import { retryZoomEvents } from '@/domain/live/zoomEvents'
import { retryProviderEvents } from '@/domain/payments/retryProviderEvents'

/** Every few minutes: payment and Zoom webhooks recorded but not applied (a failure, a crash) are applied now. */
export const applyProviderEvents: TaskConfig<'applyProviderEvents'> = {
  slug: 'applyProviderEvents',
  label: 'Apply payment and Zoom events not applied yet',
  schedule: [{ cron: '*/5 * * * *', queue: 'maintenance' }],
  outputSchema: [{ name: 'applied', type: 'number', required: true }],
  handler: async ({ req }) => ({ output: { applied: (await retryProviderEvents(req)) + (await retryZoomEvents(req)) } }),
}
