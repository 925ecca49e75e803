import type { Payload } from 'payload'
import type Stripe from 'stripe'

import { createLocalReq } from 'payload'

import { applyProviderEvents, receiveProviderEvent } from '@/domain/payments/providerEvents'
import { applyStripeEvents } from '@/domain/payments/stripeEvents'
import { type StripeEndpoint, stripeConfigured, verifiedStripeEvent } from '@/services/stripe/client'
import { settings } from '@/settings'
import { groupCommit } from '@/shared/groupCommit'

type Recorded = { id: number; event: Stripe.Event }

/**
 * Recorded events are applied in batches, one transaction each (`groupCommit`): alone, an
 * event is applied at once; when Stripe catches up by the hundred a second, the events that
 * arrive while a batch commits go together in the next, and each delivery is still answered
 * once its event is applied.
 */
const batchers = new WeakMap<Payload, (recorded: Recorded) => Promise<{ status: string; outcome: string }>>()

const applyInBatches = (payload: Payload) => {
  let apply = batchers.get(payload)
  if (!apply) {
    apply = groupCommit(async (batch: Recorded[]) => {
      // Nobody is signed in: the system's own work, as the Local API.
      const req = await createLocalReq({}, payload)
      return applyProviderEvents({ req, ids: batch.map((r) => r.id), apply: (indexes) => applyStripeEvents(req, indexes.map((i) => batch[i]!.event)) })
    })
    batchers.set(payload, apply)
  }
  return apply
}

const refusal = (status: number, message: string): Response => Response.json({ errors: [{ message }] }, { status, headers: { 'Cache-Control': 'no-store' } })

/**
 * The answer to a delivery of Stripe's webhook (`POST /api/webhooks/stripe`): its events for
 * the platform account and, with the Connect endpoint's secret (and only with it), its connected
 * accounts. Verified against the raw body before anything is read; recorded once by event id;
 * applied once, in batches under load; answered 200 once recorded (a failure to apply is retried by the payments job,
 * not by Stripe). Given by the endpoint and, under Next, by the API gate itself: Stripe delivers
 * every event at least once and by the hundred a second when it catches up, and Payload would
 * first build a full request (auth strategies, i18n, endpoint matching) that nothing here reads.
 * Not @payloadcms/plugin-stripe's route: see docs/payments.md for why.
 */
export const stripeWebhookAnswer = async (payload: Payload, signature: string | null, body: string): Promise<Response> => {
  if (!stripeConfigured() || !(settings.stripe.webhookSecret || settings.stripe.connectWebhookSecret)) {
    return refusal(404, 'Stripe webhooks are not set up on this server.')
  }
  if (!signature) {
    return refusal(400, 'The Stripe-Signature header is missing.')
  }
  let event: Stripe.Event
  let endpoint: StripeEndpoint
  try {
    ;({ event, endpoint } = verifiedStripeEvent(body, signature))
  } catch {
    payload.logger.warn({ msg: 'payments: a Stripe webhook failed signature verification' })
    return refusal(400, 'The Stripe signature does not match this body (or it is too old).')
  }
  // Stripe sends a connected account's events only to the Connect endpoint: one signed with the
  // platform endpoint's secret that names an account is not Stripe's.
  if (event.account && endpoint !== 'connect') {
    payload.logger.warn({ msg: `payments: a Stripe event about ${event.account} was signed with the platform endpoint's secret` })
    return refusal(400, "An event about a connected account must be signed with the Connect endpoint's secret.")
  }
  const received = await receiveProviderEvent({ app: payload, provider: 'stripe', eventId: event.id, type: event.type, account: event.account ?? null, event })
  if (received.duplicate && (received.status === 'applied' || received.status === 'ignored')) {
    return Response.json({ received: true, duplicate: true, status: received.status })
  }
  const applied = await applyInBatches(payload)({ id: received.id, event })
  return Response.json({ received: true, duplicate: received.duplicate, status: applied.status })
}
