import type { PayloadRequest } from 'payload'
import type Stripe from 'stripe'

import { applyPayPalEvent } from './paypalPayments'
import { applyProviderEvent, unappliedEvents } from './providerEvents'
import { applyStripeEvent } from './stripeEvents'

/** Applies the provider events that were recorded but not applied; returns how many now are. */
export const retryProviderEvents = async (req: PayloadRequest): Promise<number> => {
  let applied = 0
  for (const event of await unappliedEvents(req)) {
    const result = await applyProviderEvent({
      req,
      id: event.id,
      apply: async () => {
        switch (event.provider) {
          case 'stripe':
            return applyStripeEvent(req, event.payload as Stripe.Event)
          case 'paypal':
            return event.school === null ? { status: 'ignored', outcome: 'A PayPal event names its school.' } : applyPayPalEvent(req, event.school, event.payload as Parameters<typeof applyPayPalEvent>[2])
          default:
            return { status: 'ignored', outcome: `${event.provider} sends no events.` }
        }
      },
    })
    applied += result.status === 'failed' ? 0 : 1
  }
  return applied
}
