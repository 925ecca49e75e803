import type { PayloadRequest } from 'payload'
import type Stripe from 'stripe'

import { sql } from '@payloadcms/db-postgres'

import { LOCKS, sqlHandle } from '@/services/database/transactions'
import { relationId } from '@/shared/relationId'
import { PAYMENTS } from '@/shared/slugs'

import type { Applied, Locks } from './providerEvents'

import { recordRefund } from './refund'
import { applySeatEvent } from './seats/seatBilling'
import { type Charge, recordCharges, recordFailure } from './settle'
import { applyAccountUpdated } from './stripeConnect'

type NamedOrder = { id: number; reference: string; checkoutSession: string | null }

/** The order id an object's metadata gives, if it is one. */
const orderIdIn = (metadata: Stripe.Metadata | null | undefined): number | undefined => {
  const id = Number(metadata?.order)
  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}

/** The order an object's metadata names, if it is ours and agrees with it. */
const orderNamed = async (req: PayloadRequest, metadata: Stripe.Metadata | null | undefined): Promise<NamedOrder | undefined> => {
  const id = orderIdIn(metadata)
  if (id === undefined) {
    return undefined
  }
  const db = await sqlHandle(req)
  const row = (await db.execute(sql`select reference, stripe_checkout_session from orders where id = ${id}`)).rows[0] as { reference: string; stripe_checkout_session: string | null } | undefined
  return row && row.reference === metadata?.reference ? { id, reference: row.reference, checkoutSession: row.stripe_checkout_session } : undefined
}

const idOf = (value: string | { id: string } | null | undefined): string | undefined => (typeof value === 'string' ? value : (value?.id ?? undefined))

const NOT_OURS: Applied = { status: 'ignored', outcome: 'No order of ours has this checkout session.' }

/**
 * Paid Checkout Sessions, their charges recorded together (`recordCharges`): each for the order
 * its metadata names, if that order has the session (checked once the order is locked).
 */
const paid = async (req: PayloadRequest, sessions: readonly Stripe.Checkout.Session[]): Promise<Applied[]> => {
  const results: Applied[] = sessions.map(() => NOT_OURS)
  const charging: { index: number; charge: Charge }[] = []
  for (const [index, session] of sessions.entries()) {
    const orderId = orderIdIn(session.metadata)
    const reference = session.metadata?.reference
    if (orderId === undefined || !reference) {
      continue
    }
    // The payment intent is the money; a session with nothing to pay has none.
    const charge: Charge = { orderId, provider: 'stripe', reference: idOf(session.payment_intent) ?? session.id, amount: session.amount_total ?? 0, currency: session.currency ?? '', expect: { reference, checkoutSession: session.id } }
    charging.push({ index, charge })
  }
  if (charging.length > 0) {
    const settled = await recordCharges(req, charging.map((c) => c.charge))
    charging.forEach((c, k) => {
      const done = settled[k]
      if (done) {
        results[c.index] = { status: 'applied', outcome: `order ${done.reference}: ${done.outcome}` }
      }
    })
  }
  return results
}

/** A Checkout Session that ended without money: its order fails, if the session is that order's own. */
const failed = async (req: PayloadRequest, session: Stripe.Checkout.Session, reason: string): Promise<Applied> => {
  const order = await orderNamed(req, session.metadata)
  // The metadata alone is not enough: a session made elsewhere (another school's connected
  // account) could carry any order's id and reference.
  if (!order || order.checkoutSession !== session.id) {
    return NOT_OURS
  }
  const settled = await recordFailure({ req, orderId: order.id, reason })
  return { status: 'applied', outcome: `order ${order.reference}: ${settled.outcome}` }
}

/**
 * Money that went back, reported by Stripe: ours (made by refundOrder, found by its id) or one
 * made in Stripe's dashboard, recorded all the same against the order its payment intent paid.
 */
const refunded = async (req: PayloadRequest, refund: Stripe.Refund): Promise<Applied> => {
  const intent = idOf(refund.payment_intent)
  if (refund.status !== 'succeeded' || !intent) {
    return { status: 'ignored', outcome: `Refund ${refund.id} is ${refund.status ?? 'unknown'}.` }
  }
  const charge = (await req.payload.find({ collection: PAYMENTS, where: { and: [{ provider: { equals: 'stripe' } }, { kind: { equals: 'charge' } }, { reference: { equals: intent } }] }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]
  if (!charge) {
    return { status: 'ignored', outcome: 'No charge of ours has this payment intent.' }
  }
  const settled = await recordRefund({ req, orderId: relationId(charge.order)!, provider: 'stripe', reference: refund.id, amount: refund.amount, reason: refund.reason ?? undefined })
  return { status: 'applied', outcome: `order ${settled.order.reference}: ${settled.outcome}` }
}

/** The Checkout Session an event says was paid for a course or seats bought once (a seat plan's subscription is seat billing's). */
const paidSession = (event: Stripe.Event): Stripe.Checkout.Session | undefined => {
  if (event.type === 'checkout.session.completed') {
    return event.data.object.mode !== 'subscription' && event.data.object.payment_status !== 'unpaid' ? event.data.object : undefined
  }
  return event.type === 'checkout.session.async_payment_succeeded' ? event.data.object : undefined
}

/**
 * The locks applying these events takes first, the orders of their paid checkouts (as
 * `recordCharges` does), for taking them as the events are recorded.
 */
export const stripeEventLocks = (events: readonly Stripe.Event[]): Locks => ({
  namespace: LOCKS.order,
  ids: events.flatMap((event) => {
    const id = orderIdIn(paidSession(event)?.metadata)
    return id === undefined ? [] : [id]
  }),
})

/** Any other event, on its own. */
const applyOther = async (req: PayloadRequest, event: Stripe.Event): Promise<Applied> => {
  const seats = await applySeatEvent(req, event)
  if (seats) {
    return seats
  }
  switch (event.type) {
    case 'checkout.session.completed':
      return { status: 'ignored', outcome: 'Completed, waiting for the payment to clear.' }
    case 'checkout.session.async_payment_failed':
      return failed(req, event.data.object, 'The payment did not clear.')
    case 'checkout.session.expired':
      return failed(req, event.data.object, 'The checkout expired.')
    case 'payment_intent.payment_failed':
      // A declined card inside Checkout: the buyer may try another in the same session, which stays open.
      return { status: 'ignored', outcome: 'A declined attempt; the checkout session decides the order.' }
    case 'refund.created':
    case 'refund.updated':
      return refunded(req, event.data.object)
    case 'account.updated':
      return applyAccountUpdated(req, event, event.data.object)
    default:
      return { status: 'ignored', outcome: `Nothing to do for ${event.type}.` }
  }
}

/**
 * What verified Stripe events mean for our orders, in the caller's transaction, in the order
 * given (a refund after the payment it gives back, as they arrived): each run of paid checkouts
 * settled together, any other event on its own between them. Events may come late, twice or out
 * of order: the order's state decides (a failure after success changes nothing, a success after
 * an expiry is still money received), and the charge is recorded once by its payment intent.
 */
export const applyStripeEvents = async (req: PayloadRequest, events: readonly Stripe.Event[]): Promise<Applied[]> => {
  const results: Applied[] = []
  let run: { index: number; session: Stripe.Checkout.Session }[] = []
  const settleRun = async () => {
    if (run.length === 0) {
      return
    }
    const settled = await paid(req, run.map((s) => s.session))
    run.forEach((s, k) => {
      results[s.index] = settled[k]!
    })
    run = []
  }
  for (const [index, event] of events.entries()) {
    const session = paidSession(event)
    if (session) {
      run.push({ index, session })
      continue
    }
    await settleRun()
    results[index] = await applyOther(req, event)
  }
  await settleRun()
  return results
}

/** `applyStripeEvents` of one event. */
export const applyStripeEvent = async (req: PayloadRequest, event: Stripe.Event): Promise<Applied> => (await applyStripeEvents(req, [event]))[0]!
