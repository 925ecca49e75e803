import type { PayloadRequest } from 'payload'
import type Stripe from 'stripe'

import type { SeatSubscription } from '@/payload-types'

import { inTransaction, LOCKS, lockFor } from '@/services/database/transactions'
import { settings } from '@/settings'
import { relationId } from '@/shared/relationId'
import { ORDERS, SEAT_ASSIGNMENTS, SEAT_SUBSCRIPTIONS } from '@/shared/slugs'

import type { Applied } from '../providerEvents'

import { createOrder } from '../newOrder'
import { recordCharge } from '../settle'
import { endSeatEnrollments, restoreSeatEnrollments } from './seatEnrollments'
import type { SeatSubscriptionStatus } from './status'

const idOf = (value: string | { id: string } | null | undefined): string | undefined => (typeof value === 'string' ? value : (value?.id ?? undefined))

/** The seat subscription an object is about: by our id in its metadata, or by Stripe's subscription id. */
const seatSubscriptionFor = async (req: PayloadRequest, { metadata, subscription }: { metadata?: Stripe.Metadata | null; subscription?: string }): Promise<SeatSubscription | undefined> => {
  const ours = Number(metadata?.seatSubscription)
  if (Number.isSafeInteger(ours) && ours > 0) {
    const found = await req.payload.findByID({ collection: SEAT_SUBSCRIPTIONS, id: ours, depth: 0, overrideAccess: true, disableErrors: true, req })
    if (found && (!subscription || !found.stripe?.subscription || found.stripe.subscription === subscription)) {
      return found
    }
  }
  if (!subscription) {
    return undefined
  }
  return (await req.payload.find({ collection: SEAT_SUBSCRIPTIONS, where: { 'stripe.subscription': { equals: subscription } }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]
}

const locked = async (req: PayloadRequest, id: number): Promise<SeatSubscription> => {
  await lockFor(req, LOCKS.seatSubscription, id)
  return req.payload.findByID({ collection: SEAT_SUBSCRIPTIONS, id, depth: 0, overrideAccess: true, req })
}

const graceEnd = (from: Date): string => new Date(from.getTime() + settings.payments.seatGraceDays * 86_400_000).toISOString()

/** Paid again: the seats' suspended enrollments come back, progress and all. */
const restore = async (req: PayloadRequest, subscription: SeatSubscription): Promise<void> => {
  if (!subscription.suspendedAt) {
    return
  }
  const assignments = await req.payload.find({ collection: SEAT_ASSIGNMENTS, where: { and: [{ subscription: { equals: subscription.id } }, { status: { equals: 'active' } }] }, pagination: false, depth: 0, overrideAccess: true, req })
  for (const assignment of assignments.docs) {
    await restoreSeatEnrollments(req, assignment)
  }
}

/** The seat subscription an invoice bills, if it is ours. */
const seatOfInvoice = (req: PayloadRequest, invoice: Stripe.Invoice): Promise<SeatSubscription | undefined> => {
  const details = invoice.parent?.subscription_details
  return seatSubscriptionFor(req, { metadata: details?.metadata, subscription: idOf(details?.subscription) })
}

const NOT_OURS: Applied = { status: 'ignored', outcome: 'No seat subscription of ours is billed by this invoice.' }

/** An invoice of the subscription was paid: its money is recorded against an order (the first one, or one per renewal), and the seats are paid up. */
const invoicePaid = async (req: PayloadRequest, invoice: Stripe.Invoice): Promise<Applied> => {
  const seat = await seatOfInvoice(req, invoice)
  if (!seat) {
    return NOT_OURS
  }
  const details = invoice.parent?.subscription_details
  return inTransaction(req, async () => {
    const subscription = await locked(req, seat.id)
    const first = relationId(subscription.order)!
    const firstOrder = await req.payload.findByID({ collection: ORDERS, id: first, depth: 0, overrideAccess: true, req })
    const renewalKey = `stripe-invoice-${invoice.id}`
    const renewalTax = Math.round((firstOrder.tax * invoice.amount_paid) / Math.max(1, firstOrder.total))
    const orderId =
      invoice.billing_reason === 'subscription_create' || firstOrder.status === 'pending'
        ? first
        : ((await req.payload.find({ collection: ORDERS, where: { and: [{ buyer: { equals: relationId(subscription.manager)! } }, { idempotencyKey: { equals: renewalKey } }] }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]?.id ??
          (
            await createOrder(req, {
              tenant: relationId(subscription.tenant)!,
              buyer: relationId(subscription.manager)!,
              buyerEmail: firstOrder.buyerEmail,
              kind: 'seats',
              seatSubscription: subscription.id,
              quantity: subscription.seats,
              provider: 'stripe',
              // A renewal's tax is the same share of what was paid as the first order's.
              price: { currency: firstOrder.currency, subtotal: invoice.amount_paid - renewalTax, discount: 0, tax: renewalTax, total: invoice.amount_paid, taxRate: firstOrder.taxRate ?? 0, taxIncluded: Boolean(firstOrder.taxIncluded) },
              idempotencyKey: renewalKey,
              locale: firstOrder.locale,
            })
          ).id)
    const settled = await recordCharge({ req, orderId, provider: 'stripe', reference: invoice.id, amount: invoice.amount_paid, currency: invoice.currency })
    const periodEnd = invoice.lines?.data?.[0]?.period?.end
    await restore(req, subscription)
    await req.payload.update({
      collection: SEAT_SUBSCRIPTIONS,
      id: subscription.id,
      data: { status: 'active', graceUntil: null, suspendedAt: null, ...(periodEnd ? { currentPeriodEnd: new Date(periodEnd * 1000).toISOString() } : {}), stripe: { ...subscription.stripe, subscription: idOf(details?.subscription) ?? subscription.stripe?.subscription } },
      depth: 0,
      overrideAccess: true,
      req,
    })
    return { status: 'applied', outcome: `seats of ${subscription.organisation}: ${settled.outcome}` }
  })
}

/** Stripe's view of the subscription moved: behind with payment, cancelled, or seats changed. */
const moved = async (req: PayloadRequest, stripeSubscription: Stripe.Subscription, deleted: boolean): Promise<Applied> => {
  const seat = await seatSubscriptionFor(req, { metadata: stripeSubscription.metadata, subscription: stripeSubscription.id })
  if (!seat) {
    return { status: 'ignored', outcome: 'No seat subscription of ours is this subscription.' }
  }
  return inTransaction(req, async () => {
    const subscription = await locked(req, seat.id)
    const item = stripeSubscription.items?.data?.[0]
    const status: SeatSubscriptionStatus = deleted || stripeSubscription.status === 'canceled' ? 'cancelled' : stripeSubscription.status === 'past_due' || stripeSubscription.status === 'unpaid' ? (subscription.suspendedAt ? 'lapsed' : 'past-due') : subscription.status === 'pending' ? 'pending' : 'active'
    const behind = status === 'past-due' || status === 'cancelled' || status === 'lapsed'
    await req.payload.update({
      collection: SEAT_SUBSCRIPTIONS,
      id: subscription.id,
      data: {
        status,
        ...(item?.quantity ? { seats: item.quantity } : {}),
        ...(item?.current_period_end ? { currentPeriodEnd: new Date(item.current_period_end * 1000).toISOString() } : {}),
        ...(behind && !subscription.graceUntil ? { graceUntil: graceEnd(new Date()) } : {}),
        stripe: { ...subscription.stripe, subscription: stripeSubscription.id, customer: idOf(stripeSubscription.customer) ?? null },
      },
      depth: 0,
      overrideAccess: true,
      req,
    })
    return { status: 'applied', outcome: `seats of ${subscription.organisation}: ${status}` }
  })
}

/** A renewal could not be charged: the seats are kept until the grace period ends. */
const invoiceFailed = async (req: PayloadRequest, invoice: Stripe.Invoice): Promise<Applied> => {
  const seat = await seatOfInvoice(req, invoice)
  if (!seat) {
    return NOT_OURS
  }
  return inTransaction(req, async () => {
    const subscription = await locked(req, seat.id)
    if (subscription.status === 'active' || subscription.status === 'pending') {
      await req.payload.update({ collection: SEAT_SUBSCRIPTIONS, id: subscription.id, data: { status: 'past-due', graceUntil: subscription.graceUntil ?? graceEnd(new Date()) }, depth: 0, overrideAccess: true, req })
    }
    return { status: 'applied', outcome: `seats of ${subscription.organisation}: payment failed` }
  })
}

/** The subscription's Checkout finished: Stripe's ids are kept; its first invoice brings the money. */
const checkoutCompleted = async (req: PayloadRequest, session: Stripe.Checkout.Session): Promise<Applied> => {
  const found = (await req.payload.find({ collection: SEAT_SUBSCRIPTIONS, where: { 'stripe.checkoutSession': { equals: session.id } }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]
  if (!found) {
    return { status: 'ignored', outcome: 'No seat subscription of ours has this checkout session.' }
  }
  await req.payload.update({ collection: SEAT_SUBSCRIPTIONS, id: found.id, data: { stripe: { ...found.stripe, subscription: idOf(session.subscription) ?? null, customer: idOf(session.customer) ?? null } }, depth: 0, overrideAccess: true, req })
  return { status: 'applied', outcome: `seats of ${found.organisation}: checkout completed` }
}

/** Stripe's subscription events for seat plans; the rest is the course checkout's. */
export const applySeatEvent = async (req: PayloadRequest, event: Stripe.Event): Promise<Applied | undefined> => {
  switch (event.type) {
    case 'checkout.session.completed':
      return event.data.object.mode === 'subscription' ? checkoutCompleted(req, event.data.object) : undefined
    case 'invoice.paid':
      return invoicePaid(req, event.data.object)
    case 'invoice.payment_failed':
      return invoiceFailed(req, event.data.object)
    case 'customer.subscription.updated':
    case 'customer.subscription.created':
      return moved(req, event.data.object, false)
    case 'customer.subscription.deleted':
      return moved(req, event.data.object, true)
    default:
      return undefined
  }
}

/**
 * Subscriptions behind with payment past their grace period: their seats' enrollments are
 * suspended (ended, to be taken up again when paid). Run hourly; each subscription once.
 */
export const suspendLapsedSeats = async (req: PayloadRequest, now = new Date()): Promise<number> => {
  const due = await req.payload.find({
    collection: SEAT_SUBSCRIPTIONS,
    where: { and: [{ status: { in: ['past-due', 'cancelled'] } }, { graceUntil: { less_than: now.toISOString() } }, { suspendedAt: { exists: false } }] },
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  for (const candidate of due.docs) {
    await inTransaction(req, async () => {
      const subscription = await locked(req, candidate.id)
      if (subscription.suspendedAt) {
        return
      }
      const assignments = await req.payload.find({ collection: SEAT_ASSIGNMENTS, where: { and: [{ subscription: { equals: subscription.id } }, { status: { equals: 'active' } }] }, pagination: false, depth: 0, overrideAccess: true, req })
      for (const assignment of assignments.docs) {
        await endSeatEnrollments(req, assignment, 'Seat suspended: the subscription is unpaid.')
      }
      await req.payload.update({ collection: SEAT_SUBSCRIPTIONS, id: subscription.id, data: { suspendedAt: now.toISOString(), status: subscription.status === 'past-due' ? 'lapsed' : subscription.status }, depth: 0, overrideAccess: true, req })
    })
  }
  return due.docs.length
}
