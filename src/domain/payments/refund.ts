import type { PayloadRequest } from 'payload'

import type { Order, Payment } from '@/payload-types'

import { actingAs } from '@/domain/enrollment/rules'
import { recordEvent } from '@/domain/events/recordEvent'
import { inTransaction } from '@/services/database/transactions'
import { refundStripePayment } from '@/services/stripe/client'
import { conflict, invalid, unavailable } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { ENROLLMENTS, INVOICES, ORDERS, PAYMENTS } from '@/shared/slugs'

import type { Provider } from './status'

import { issueInvoice } from './issueInvoice'
import { orderFacts } from './orderFacts'
import { refundPayPalCapture } from './paypalPayments'
import { lockedOrder, type Settled } from './settle'
import { checkMove, REFUNDABLE } from './status'

const chargeOf = async (req: PayloadRequest, order: Order): Promise<Payment | undefined> =>
  (await req.payload.find({ collection: PAYMENTS, where: { and: [{ order: { equals: order.id } }, { kind: { equals: 'charge' } }] }, sort: 'id', limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]

/**
 * Money went back for an order: records the refund once (by the provider's reference), adds it
 * to what was refunded, ends the enrollment when everything went back (unless staff keep it),
 * and issues a credit note. A refund Stripe reports again by webhook finds its record.
 */
export const recordRefund = async ({ req, orderId, provider, reference, amount, by, reason, keepEnrollment = false, at = new Date() }: { req: PayloadRequest; orderId: number; provider: Provider; reference: string; amount: number; by?: number; reason?: string; keepEnrollment?: boolean; at?: Date }): Promise<Settled> =>
  inTransaction(req, async () => {
    const order = await lockedOrder(req, orderId)
    const known = (await req.payload.find({ collection: PAYMENTS, where: { and: [{ provider: { equals: provider } }, { reference: { equals: reference } }] }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]
    if (known) {
      return { order, payment: known, outcome: 'already recorded' }
    }
    const refunded = Math.min(order.total, order.refunded + amount)
    const full = refunded >= order.total
    checkMove(order.status, full ? 'refunded' : 'partially-refunded')
    const payment = await req.payload.create({
      collection: PAYMENTS,
      data: { tenant: relationId(order.tenant)!, order: order.id, buyer: relationId(order.buyer)!, kind: 'refund', provider, amount, currency: order.currency, reference, at: at.toISOString(), ...(by ? { by } : {}), ...(reason ? { note: reason.slice(0, 500) } : {}) },
      depth: 0,
      overrideAccess: true,
      req,
    })
    const updated = await req.payload.update({ collection: ORDERS, id: order.id, data: { refunded, status: full ? 'refunded' : 'partially-refunded' }, depth: 0, overrideAccess: true, req })
    const enrollment = relationId(order.enrollment)
    if (full && !keepEnrollment && enrollment !== undefined) {
      const current = await req.payload.findByID({ collection: ENROLLMENTS, id: enrollment, depth: 0, overrideAccess: true, req })
      if (current.status === 'active' || current.status === 'pending') {
        await actingAs(req, 'system', () => req.payload.update({ collection: ENROLLMENTS, id: enrollment, data: { status: 'cancelled', note: 'Payment refunded.' }, depth: 0, overrideAccess: true, req }))
      }
    }
    const invoice = relationId(order.invoice)
    const credited = invoice === undefined ? undefined : await req.payload.findByID({ collection: INVOICES, id: invoice, depth: 0, overrideAccess: true, req })
    const facts = (await orderFacts(req, order.id))!
    await issueInvoice({ req, facts, payment, kind: 'credit-note', credits: credited })
    await recordEvent(req, {
      type: 'payment.refunded',
      tenant: relationId(order.tenant)!,
      subject: { collection: ORDERS, id: order.id },
      payload: { order: order.id, reference: order.reference, buyer: relationId(order.buyer)!, course: relationId(order.course) ?? null, amount, currency: order.currency, provider, payment: payment.id, refunded, full, refundedAt: payment.at },
    })
    return { order: updated, payment, outcome: full ? 'refunded' : 'partially refunded' }
  })

/**
 * A school admin gives money back: all that is left, or `amount` of it, through the provider
 * that took it (bank transfers are paid back by hand and recorded here). The order stays locked
 * while the provider is asked, so two refunds at once cannot exceed what was paid; the provider
 * call carries an idempotency key, so a retried request refunds once.
 */
export const refundOrder = async ({ req, order: given, amount, by, reason, keepEnrollment }: { req: PayloadRequest; order: Order; amount?: number; by: number; reason?: string; keepEnrollment?: boolean }): Promise<Settled> =>
  inTransaction(req, async () => {
    const order = await lockedOrder(req, given.id)
    if (!REFUNDABLE.includes(order.status)) {
      throw conflict(order.status === 'refunded' ? 'This order has been refunded in full already.' : `This order is ${order.status}: there is nothing to refund.`)
    }
    const left = order.total - order.refunded
    const value = amount ?? left
    if (!Number.isSafeInteger(value) || value <= 0 || value > left) {
      throw invalid(`The refund must be a whole amount in the smallest unit, from 1 to ${left}.`)
    }
    const charge = await chargeOf(req, order)
    if (!charge) {
      throw conflict('This order has no recorded charge to refund.')
    }
    const count = (await req.payload.count({ collection: PAYMENTS, where: { and: [{ order: { equals: order.id } }, { kind: { equals: 'refund' } }] }, overrideAccess: true, req })).totalDocs
    const idempotencyKey = `aqoon-refund-${order.reference}-${count + 1}-${value}`
    let reference: string
    try {
      reference = await providerRefund({ req, order, charge, amount: value, idempotencyKey })
    } catch (error) {
      req.payload.logger.warn({ err: error, msg: `payments: the refund of order ${order.reference} failed at ${order.provider}` })
      throw unavailable(`${order.provider === 'paypal' ? 'PayPal' : 'Stripe'} did not take the refund: ${error instanceof Error ? error.message : 'unknown error'}`)
    }
    return recordRefund({ req, orderId: order.id, provider: order.provider, reference, amount: value, by, reason, keepEnrollment })
  })

const providerRefund = async ({ req, order, charge, amount, idempotencyKey }: { req: PayloadRequest; order: Order; charge: Payment; amount: number; idempotencyKey: string }): Promise<string> => {
  switch (order.provider) {
    case 'stripe':
      return (await refundStripePayment({ paymentIntent: charge.reference, amount, idempotencyKey, destinationCharge: Boolean(order.stripe?.account), metadata: { order: String(order.id), reference: order.reference } })).id
    case 'paypal':
      return refundPayPalCapture({ req, order, captureId: charge.reference, amount, requestId: idempotencyKey })
    case 'bank':
      return `bank-refund-${idempotencyKey}`
  }
}
