import type { Payload } from 'payload'
import type Stripe from 'stripe'

import { createLocalReq } from 'payload'

import { receiveAndApplyProviderEvents } from '@/domain/payments/providerEvents'
import { applyStripeEvents, stripeEventLocks } from '@/domain/payments/stripeEvents'
import { type StripeEndpoint, stripeConfigured, verifiedStripeEvent } from '@/services/stripe/client'
import { settings } from '@/settings'
import { type PlainAnswer, plainJson } from '@/shared/directRoutes'
import { groupCommit } from '@/shared/groupCommit'

/** One `make(payload)` per Payload instance (the tests run several in one process). */
const perApp = <F>(make: (payload: Payload) => F): ((payload: Payload) => F) => {
  const made = new WeakMap<Payload, F>()
  return (payload) => {
    let instance = made.get(payload)
    if (!instance) {
      instance = make(payload)
      made.set(payload, instance)
    }
    return instance
  }
}

/**
 * Events are recorded and applied in batches, one transaction each (`groupCommit`): alone, an
 * event is handled at once; when Stripe catches up by the hundred a second, the events that
 * arrive while a batch commits go together in the next, and each delivery is answered once its
 * event is recorded and applied (or recorded as failed, for the retry job).
 */
const handleInBatches = perApp((payload) =>
  groupCommit(async (batch: Stripe.Event[]) => {
    // Nobody is signed in: the system's own work, as the Local API.
    const req = await createLocalReq({}, payload)
    return receiveAndApplyProviderEvents({
      req,
      delivered: batch.map((event) => ({ provider: 'stripe', eventId: event.id, type: event.type, account: event.account ?? null, event })),
      locks: stripeEventLocks(batch),
      apply: (indexes) => applyStripeEvents(req, indexes.map((i) => batch[i]!)),
    })
  }),
)

const refusal = (status: number, message: string): PlainAnswer => plainJson(status, { errors: [{ message }] }, { 'Cache-Control': 'no-store' })

/**
 * The answer to a delivery of Stripe's webhook (`POST /api/webhooks/stripe`): its events for
 * the platform account and, with the Connect endpoint's secret (and only with it), its connected
 * accounts. Verified against the raw body before anything is read; recorded once by event id
 * and applied once, in the same transaction, in batches under load; answered 200 once recorded
 * (a failure to apply is recorded and retried by the payments job, not by Stripe); a repeat
 * answered from memory when this process handled the event lately. Given by our HTTP server before Next (a direct route), by the API
 * gate until that route is registered, and by the endpoint (the Local API): Stripe delivers
 * every event at least once and by the hundred a second when it catches up, and Next and
 * Payload would first build a full request (auth strategies, i18n, endpoint matching) that
 * nothing here reads. Answered plainly (not as the Fetch API's Response): see `PlainAnswer`.
 * Not @payloadcms/plugin-stripe's route: see docs/payments.md for why.
 */
export const stripeWebhookAnswer = async (payload: Payload, signature: string | null, body: string): Promise<PlainAnswer> => {
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
  const seen = recentlyHandled(payload)
  const earlier = seen.get(event.id)
  if (earlier) {
    // One that failed is handled again below.
    const status = await earlier.then(
      (handled) => handled.status,
      () => undefined,
    )
    if (status && FINAL.has(status)) {
      return plainJson(200, { received: true, duplicate: true, status })
    }
  }
  const handling = handle(payload, event)
  seen.set(event.id, handling)
  let handled: Handled
  try {
    handled = await handling
  } catch (error) {
    seen.delete(event.id)
    throw error
  }
  if (!FINAL.has(handled.status)) {
    // Not applied (failed, or another process is applying it): the next delivery asks the database.
    seen.delete(event.id)
  }
  for (const oldest of seen.keys()) {
    if (seen.size <= RECENT_EVENTS) {
      break
    }
    seen.delete(oldest)
  }
  return plainJson(200, { received: true, duplicate: handled.duplicate, status: handled.status })
}

type Handled = { duplicate: boolean; status: string }

/** Statuses an event keeps for good once it has one. */
const FINAL = new Set(['applied', 'ignored'])

/** Events this process handled lately, by Stripe's event id; those being handled still wait for it. */
const RECENT_EVENTS = 10_000

/**
 * Stripe delivers every event at least once, often twice within a second and again later:
 * a repeat of an event this process has applied, or is applying, is answered from memory once
 * its signature is checked (the id is then Stripe's, and so is the event), without a statement.
 * The database stays the record: what is not here (another process handled it, or it was
 * forgotten) is looked up there.
 */
const recentlyHandled = perApp(() => new Map<string, Promise<Handled>>())

/** Records the event once and applies it once (in a batch), or finds it recorded and applied. */
const handle = async (payload: Payload, event: Stripe.Event): Promise<Handled> => {
  const { duplicate, status } = await handleInBatches(payload)(event)
  return { duplicate, status }
}
