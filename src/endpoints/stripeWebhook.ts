import type { Endpoint } from 'payload'
import type Stripe from 'stripe'

import { APIError } from 'payload'

import { systemRequestFor } from '@/services/database/transactions'

import { applyProviderEvent, receiveProviderEvent } from '@/domain/payments/providerEvents'
import { applyStripeEvent } from '@/domain/payments/stripeEvents'
import { type StripeEndpoint, stripeConfigured, verifiedStripeEvent } from '@/services/stripe/client'
import { settings } from '@/settings'

/**
 * `POST /api/webhooks/stripe`: Stripe's events for the platform account and, with the Connect
 * endpoint's secret (and only with it), its connected accounts. Verified against the raw body
 * before anything is read; recorded once by event id; applied once; answered 200 once recorded
 * (a failure to apply is retried by the payments job, not by Stripe). Not
 * @payloadcms/plugin-stripe's route: see docs/payments.md for why.
 */
export const stripeWebhook: Endpoint = {
  path: '/webhooks/stripe',
  method: 'post',
  handler: async (incoming) => {
    if (!stripeConfigured() || !(settings.stripe.webhookSecret || settings.stripe.connectWebhookSecret)) {
      throw new APIError('Stripe webhooks are not set up on this server.', 404)
    }
    const signature = incoming.headers.get('stripe-signature')
    if (!signature) {
      throw new APIError('The Stripe-Signature header is missing.', 400)
    }
    const body = (await incoming.text?.()) ?? ''
    let event: Stripe.Event
    let endpoint: StripeEndpoint
    try {
      ;({ event, endpoint } = verifiedStripeEvent(body, signature))
    } catch {
      incoming.payload.logger.warn({ msg: 'payments: a Stripe webhook failed signature verification' })
      throw new APIError('The Stripe signature does not match this body (or it is too old).', 400)
    }
    // Stripe sends a connected account's events only to the Connect endpoint: one signed with the
    // platform endpoint's secret that names an account is not Stripe's.
    if (event.account && endpoint !== 'connect') {
      incoming.payload.logger.warn({ msg: `payments: a Stripe event about ${event.account} was signed with the platform endpoint's secret` })
      throw new APIError("An event about a connected account must be signed with the Connect endpoint's secret.", 400)
    }
    const req = await systemRequestFor(incoming)
    const received = await receiveProviderEvent({ req, provider: 'stripe', eventId: event.id, type: event.type, account: event.account ?? null, payload: event })
    if (received.duplicate && (received.status === 'applied' || received.status === 'ignored')) {
      return Response.json({ received: true, duplicate: true, status: received.status })
    }
    const applied = await applyProviderEvent({ req, id: received.id, apply: () => applyStripeEvent(req, event) })
    return Response.json({ received: true, duplicate: received.duplicate, status: applied.status })
  },
}
