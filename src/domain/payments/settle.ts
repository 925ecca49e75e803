import type { PayloadRequest } from 'payload'

import type { Order, Payment } from '@/payload-types'

import { enrollmentOf } from '@/domain/enrollment/enrollmentOf'
import { actingAs } from '@/domain/enrollment/rules'
import { HOLDING_PLACE } from '@/domain/enrollment/status'
import { recordEvent } from '@/domain/events/recordEvent'
import { inTransaction, LOCKS, lockFor } from '@/services/database/transactions'
import { DomainError } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { ENROLLMENTS, ORDERS, PAYMENTS } from '@/shared/slugs'

import type { Provider } from './status'

import { redeemCoupon } from './coupons'
import { issueInvoice } from './issueInvoice'
import { checkMove, OPEN, PAID } from './status'

export type Settled = { order: Order; payment?: Payment; outcome: string }

/** The order, locked for the rest of the transaction: one settlement of an order at a time. */
export const lockedOrder = async (req: PayloadRequest, orderId: number): Promise<Order> => {
  await lockFor(req, LOCKS.order, orderId)
  return req.payload.findByID({ collection: ORDERS, id: orderId, depth: 0, overrideAccess: true, req })
}

const paymentWith = async (req: PayloadRequest, provider: Provider, reference: string): Promise<Payment | undefined> =>
  (await req.payload.find({ collection: PAYMENTS, where: { and: [{ provider: { equals: provider } }, { reference: { equals: reference } }] }, limit: 1, depth: 0, overrideAccess: true, req })).docs[0]

/** The buyer gets their place: a new enrollment, or theirs taken up again; `attention` says why not. */
const activateEnrollment = async (req: PayloadRequest, order: Order): Promise<{ enrollment?: number; attention?: string }> => {
  const person = relationId(order.buyer)!
  const course = relationId(order.course)
  if (course === undefined) {
    return {}
  }
  const existing = await enrollmentOf(req, person, course)
  if (existing && HOLDING_PLACE.includes(existing.status)) {
    return { enrollment: existing.id, ...(existing.status === 'pending' ? {} : { attention: `The buyer already had a ${existing.status} enrollment when the payment arrived.` }) }
  }
  try {
    const enrollment = await actingAs(req, 'system', () =>
      existing
        ? req.payload.update({ collection: ENROLLMENTS, id: existing.id, data: { status: 'active', source: 'payment' }, depth: 0, overrideAccess: true, req })
        : req.payload.create({ collection: ENROLLMENTS, data: { user: person, course, status: 'active', source: 'payment' }, depth: 0, overrideAccess: true, req }),
    )
    return { enrollment: enrollment.id }
  } catch (error) {
    // The checkout held a place; one that expired before the money came may have been taken.
    // The money is recorded all the same, and staff decide: make room, or refund.
    if (error instanceof DomainError && error.kind === 'conflict') {
      return { attention: `Paid, but not enrolled: ${error.message}` }
    }
    throw error
  }
}

/**
 * Money arrived for an order: records the charge once (by the provider's reference), marks the
 * order paid, gives the buyer their place, counts the coupon and issues the invoice, all in one
 * transaction. A repeat of the same charge changes nothing; a second, different charge for an
 * order already paid is recorded and flagged for a refund, never enrolled twice.
 */
export const recordCharge = async ({ req, orderId, provider, reference, amount, currency, by, at = new Date() }: { req: PayloadRequest; orderId: number; provider: Provider; reference: string; amount: number; currency: string; by?: number; at?: Date }): Promise<Settled> =>
  inTransaction(req, async () => {
    const order = await lockedOrder(req, orderId)
    const known = await paymentWith(req, provider, reference)
    if (known) {
      return { order, payment: known, outcome: 'already recorded' }
    }
    const payment = await req.payload.create({
      collection: PAYMENTS,
      data: { tenant: relationId(order.tenant)!, order: order.id, buyer: relationId(order.buyer)!, kind: 'charge', provider, amount, currency: currency.toUpperCase(), reference, at: at.toISOString(), ...(by ? { by } : {}) },
      depth: 0,
      overrideAccess: true,
      req,
    })
    if (PAID.includes(order.status)) {
      const flagged = await req.payload.update({ collection: ORDERS, id: order.id, data: { attention: `A second payment (${provider} ${reference}) arrived for this paid order: refund it.` }, depth: 0, overrideAccess: true, req })
      return { order: flagged, payment, outcome: 'second payment flagged' }
    }
    checkMove(order.status, 'succeeded')
    const short = currency.toUpperCase() !== order.currency || amount < order.total
    const { enrollment, attention } = short ? { enrollment: undefined, attention: `Received ${amount} ${currency.toUpperCase()} for a total of ${order.total} ${order.currency}.` } : await activateEnrollment(req, order)
    let paid = await req.payload.update({
      collection: ORDERS,
      id: order.id,
      data: { status: 'succeeded', paidAt: at.toISOString(), holdsPlaceUntil: null, failureReason: null, ...(enrollment ? { enrollment } : {}), ...(attention ? { attention } : {}) },
      depth: 0,
      overrideAccess: true,
      req,
    })
    const coupon = relationId(order.coupon)
    if (coupon !== undefined) {
      await redeemCoupon(req, coupon)
    }
    const invoice = await issueInvoice({ req, order: paid, payment, kind: 'invoice' })
    paid = await req.payload.update({ collection: ORDERS, id: order.id, data: { invoice: invoice.id }, depth: 0, overrideAccess: true, req })
    await recordEvent(req, {
      type: 'payment.succeeded',
      tenant: relationId(order.tenant)!,
      subject: { collection: ORDERS, id: order.id },
      payload: { order: order.id, reference: order.reference, buyer: relationId(order.buyer)!, course: relationId(order.course) ?? null, amount, currency: payment.currency, provider, payment: payment.id, paidAt: payment.at },
    })
    return { order: paid, payment, outcome: attention ? 'paid, needs attention' : 'paid' }
  })

/** A checkout ended without money. Only an open order fails: a late failure after success changes nothing. */
export const recordFailure = async ({ req, orderId, reason, at = new Date() }: { req: PayloadRequest; orderId: number; reason: string; at?: Date }): Promise<Settled> =>
  inTransaction(req, async () => {
    const order = await lockedOrder(req, orderId)
    if (!OPEN.includes(order.status)) {
      return { order, outcome: `left ${order.status}` }
    }
    const failed = await req.payload.update({ collection: ORDERS, id: order.id, data: { status: 'failed', failedAt: at.toISOString(), failureReason: reason.slice(0, 500), holdsPlaceUntil: null }, depth: 0, overrideAccess: true, req })
    await recordEvent(req, {
      type: 'payment.failed',
      tenant: relationId(order.tenant)!,
      subject: { collection: ORDERS, id: order.id },
      payload: { order: order.id, reference: order.reference, buyer: relationId(order.buyer)!, course: relationId(order.course) ?? null, amount: order.total, currency: order.currency, provider: order.provider, reason },
    })
    return { order: failed, outcome: 'failed' }
  })
