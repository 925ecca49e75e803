import type { TaskConfig } from 'payload'

import { suspendLapsedSeats as suspend } from '@/domain/payments/seats/seatBilling'

/** Hourly: seat subscriptions unpaid past their grace period have their seats' enrollments suspended. */
export const suspendLapsedSeats: TaskConfig<'suspendLapsedSeats'> = {
  slug: 'suspendLapsedSeats',
  label: 'Suspend the seats of unpaid subscriptions',
  schedule: [{ cron: '15 * * * *', queue: 'maintenance' }],
  outputSchema: [{ name: 'suspended', type: 'number', required: true }],
  handler: async ({ req }) => ({ output: { suspended: await suspend(req) } }),
}
