import type { PayloadRequest } from 'payload'

import type { Order, SeatPlan, SeatSubscription } from '@/payload-types'

import crypto from 'node:crypto'

import { activeMemberships } from '@/domain/identity/memberships'
import { inTransaction } from '@/services/database/transactions'
import { createStripeSubscriptionCheckout } from '@/services/stripe/client'
import { settings } from '@/settings'
import { conflict, forbidden, invalid, unavailable } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { ORDERS, SEAT_SUBSCRIPTIONS } from '@/shared/slugs'

import { checkIdempotencyKey } from '../checkout'
import { createOrder } from '../newOrder'
import { quote } from '../pricing'
import { paymentSettingsOf } from '../schoolSecrets'
import { recordFailure } from '../settle'
import { stripeDestinationOf } from '../stripeConnect'

/**
 * An organisation's manager buys seats: a pending seat subscription and its first order, priced
 * from the plan (per seat, tax as the school sets it), and a Stripe Checkout Session in
 * subscription mode. The manager holds no seat by buying; they assign them.
 */
export const startSeatCheckout = async ({
  req,
  person,
  plan,
  seats,
  organisation,
  idempotencyKey,
  locale,
}: {
  req: PayloadRequest
  person: { id: number; email: string }
  plan: SeatPlan
  seats: number
  organisation: string
  idempotencyKey?: string
  locale?: string
}): Promise<{ subscription: SeatSubscription; order: Order; redirectUrl: string }> => {
  const tenant = relationId(plan.tenant)!
  if (!(await activeMemberships(req)).some((m) => m.tenantId === tenant)) {
    throw forbidden('Join this school before buying its seats.')
  }
  if (!plan.active) {
    throw conflict('This plan is not sold any more.')
  }
  if (!Number.isSafeInteger(seats) || seats < (plan.minSeats ?? 1) || seats > (plan.maxSeats ?? 1000)) {
    throw invalid(`Buy from ${plan.minSeats ?? 1} to ${plan.maxSeats ?? 1000} seats of this plan.`)
  }
  checkIdempotencyKey(idempotencyKey)
  const key = idempotencyKey ?? crypto.randomUUID()
  const same = (await req.payload.find({ collection: ORDERS, where: { and: [{ buyer: { equals: person.id } }, { idempotencyKey: { equals: key } }] }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]
  const schoolSettings = await paymentSettingsOf(req, tenant)
  // Priced per seat, so every renewal's invoice is seats × one seat's price, tax included the same way.
  const perSeat = quote({ unitAmount: plan.pricePerSeat, currency: plan.currency, settings: schoolSettings })
  const { subscription, order } = same
    ? {
        order: same,
        subscription: (await req.payload.find({ collection: SEAT_SUBSCRIPTIONS, where: { order: { equals: same.id } }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]!,
      }
    : await inTransaction(req, async () => {
        const order = await createOrder(req, {
          tenant,
          buyer: person.id,
          buyerEmail: person.email,
          kind: 'seats',
          quantity: seats,
          provider: 'stripe',
          price: { ...perSeat, subtotal: perSeat.subtotal * seats, discount: 0, tax: perSeat.tax * seats, total: perSeat.total * seats },
          idempotencyKey: key,
          locale,
        })
        const subscription = await req.payload.create({
          collection: SEAT_SUBSCRIPTIONS,
          data: { tenant, organisation: organisation.slice(0, 200), plan: plan.id, manager: person.id, seats, status: 'pending', order: order.id },
          depth: 0,
          overrideAccess: true,
          req,
        })
        await req.payload.update({ collection: ORDERS, id: order.id, data: { seatSubscription: subscription.id }, depth: 0, overrideAccess: true, req })
        return { order, subscription }
      })
  if (order.stripe?.url) {
    return { subscription, order, redirectUrl: order.stripe.url }
  }
  const destination = stripeDestinationOf(schoolSettings)
  const account = destination?.account
  try {
    const session = await createStripeSubscriptionCheckout({
      idempotencyKey: `aqoon-seats-${order.reference}`,
      orderId: order.id,
      reference: order.reference,
      tenant,
      productName: `${plan.name} (${seats} seats)`.slice(0, 250),
      currency: plan.currency,
      unitAmount: perSeat.total,
      quantity: seats,
      interval: plan.interval,
      customerEmail: person.email,
      successUrl: `${settings.serverUrl}/learn/orders/${order.reference}`,
      cancelUrl: `${settings.serverUrl}/learn`,
      expiresAt: new Date(Date.now() + 60 * 60_000),
      subscriptionMetadata: { seatSubscription: String(subscription.id) },
      ...(destination ? { destination } : {}),
    })
    const updated = await req.payload.update({ collection: ORDERS, id: order.id, data: { stripe: { checkoutSession: session.id, url: session.url, account: account ?? null } }, depth: 0, overrideAccess: true, req })
    await req.payload.update({ collection: SEAT_SUBSCRIPTIONS, id: subscription.id, data: { stripe: { checkoutSession: session.id } }, depth: 0, overrideAccess: true, req })
    return { subscription, order: updated, redirectUrl: session.url }
  } catch (error) {
    req.payload.logger.warn({ err: error, msg: `payments: Stripe refused or failed the seat checkout of order ${order.reference}` })
    await recordFailure({ req, orderId: order.id, reason: 'Card payment could not be started.' })
    throw unavailable('Card payments cannot be started right now. Try again in a few minutes.')
  }
}
