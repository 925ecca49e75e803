import type { PayloadRequest } from 'payload'
import type Stripe from 'stripe'

import { sql } from '@payloadcms/db-postgres'

import { sqlHandle } from '@/services/database/transactions'
import { relationId } from '@/shared/relationId'
import { PAYMENTS } from '@/shared/slugs'

import type { Applied } from './providerEvents'

import { recordRefund } from './refund'
import { applySeatEvent } from './seats/seatBilling'
import { recordCharge, recordFailure } from './settle'
import { applyAccountUpdated } from './stripeConnect'

/** The order an object's metadata names, if it is ours and agrees with it (one small read: every card payment's webhook starts here). */
const orderNamed = async (req: PayloadRequest, metadata: Stripe.Metadata | null | undefined): Promise<{ id: number; reference: string; checkoutSession: string | null } | undefined> => {
  const id = Number(metadata?.order)
  if (!Number.isSafeInteger(id) || id <= 0) {
    return undefined
  }
  const db = await sqlHandle(req)
  const row = (await db.execute(sql`select reference, stripe_checkout_session from orders where id = ${id}`)).rows[0] as { reference: string; stripe_checkout_session: string | null } | undefined
  return row && row.reference === metadata?.reference ? { id, reference: row.reference, checkoutSession: row.stripe_checkout_session } : undefined
}

const idOf = (value: string | { id: string } | null | undefined): string | undefined => (typeof value === 'string' ? value : (value?.id ?? undefined))

const paid = async (req: PayloadRequest, session: Stripe.Checkout.Session): Promise<Applied> => {
  const order = await orderNamed(req, session.metadata)
  if (!order || order.checkoutSession !== session.id) {
    return { status: 'ignored', outcome: 'No order of ours has this checkout session.' }
  }
  const settled = await recordCharge({
    req,
    orderId: order.id,
    provider: 'stripe',
    // The payment intent is the money; a session with nothing to pay has none.
    reference: idOf(session.payment_intent) ?? session.id,
    amount: session.amount_total ?? 0,
    currency: session.currency ?? '',
  })
  return { status: 'applied', outcome: `order ${order.reference}: ${settled.outcome}` }
}

const failed = async (req: PayloadRequest, metadata: Stripe.Metadata | null | undefined, reason: string): Promise<Applied> => {
  const order = await orderNamed(req, metadata)
  if (!order) {
    return { status: 'ignored', outcome: 'No order of ours is named.' }
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
  const charge = (await req.payload.find({ collection: PAYMENTS, where: { and: [{ provider: { equals: 'stripe' } }, { kind: { equals: 'charge' } }, { reference: { equals: intent } }] }, limit: 1, depth: 0, overrideAccess: true, req })).docs[0]
  if (!charge) {
    return { status: 'ignored', outcome: 'No charge of ours has this payment intent.' }
  }
  const settled = await recordRefund({ req, orderId: relationId(charge.order)!, provider: 'stripe', reference: refund.id, amount: refund.amount, reason: refund.reason ?? undefined })
  return { status: 'applied', outcome: `order ${settled.order.reference}: ${settled.outcome}` }
}

/**
 * What a verified Stripe event means for our orders. Events may come late, twice or out of
 * order: the order's state decides (a failure after success changes nothing, a success after
 * an expiry is still money received), and the charge is recorded once by its payment intent.
 */
export const applyStripeEvent = async (req: PayloadRequest, event: Stripe.Event): Promise<Applied> => {
  const seats = await applySeatEvent(req, event)
  if (seats) {
    return seats
  }
  switch (event.type) {
    case 'checkout.session.completed':
      return event.data.object.payment_status === 'unpaid' ? { status: 'ignored', outcome: 'Completed, waiting for the payment to clear.' } : paid(req, event.data.object)
    case 'checkout.session.async_payment_succeeded':
      return paid(req, event.data.object)
    case 'checkout.session.async_payment_failed':
      return failed(req, event.data.object.metadata, 'The payment did not clear.')
    case 'checkout.session.expired':
      return failed(req, event.data.object.metadata, 'The checkout expired.')
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
