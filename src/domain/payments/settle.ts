import type { PayloadRequest } from 'payload'

import type { Order, Payment } from '@/payload-types'

import { sql } from '@payloadcms/db-postgres'

import { enrollAtOnce } from '@/domain/enrollment/enrollAtOnce'
import { enrollmentOf } from '@/domain/enrollment/enrollmentOf'
import { actingAs, fullCourse } from '@/domain/enrollment/rules'
import { HOLDING_PLACE } from '@/domain/enrollment/status'
import { recordEvent } from '@/domain/events/recordEvent'
import { DEFAULT_LOCALE } from '@/i18n/locales'
import { recordAudit } from '@/services/audit/recordAudit'
import { inTransaction, LOCKS, lockFor, sqlHandle } from '@/services/database/transactions'
import { notFound } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { ENROLLMENTS, ORDERS, PAYMENTS } from '@/shared/slugs'

import type { OrderStatus, Provider } from './status'

import { redeemCoupon } from './coupons'
import { issueInvoice } from './issueInvoice'
import { type OrderFacts, type OrderLine, orderFacts } from './orderFacts'
import { checkMove, OPEN, PAID } from './status'

export type Settled = { order: Order; payment?: Payment; outcome: string }

/** The order as it stands after a settlement, for answering the person who asked for it. */
export const settledOrder = async (req: PayloadRequest, charged: Charged): Promise<Settled> => ({
  order: await req.payload.findByID({ collection: ORDERS, id: charged.order, depth: 0, overrideAccess: true, req }),
  outcome: charged.outcome,
})

/** The order, locked for the rest of the transaction: one settlement of an order at a time. */
export const lockedOrder = async (req: PayloadRequest, orderId: number): Promise<Order> => {
  await lockFor(req, LOCKS.order, orderId)
  return req.payload.findByID({ collection: ORDERS, id: orderId, depth: 0, overrideAccess: true, req })
}

/** The buyer gets their place: a new enrollment, or theirs taken up again; `attention` says why not. */
const activateEnrollment = async (req: PayloadRequest, { order, parties }: OrderFacts): Promise<{ enrollment?: number; attention?: string }> => {
  const person = order.buyer
  const course = order.course
  if (course === null) {
    return {}
  }
  // The usual case, a member buying a course with no capacity they are not enrolled in, is
  // written at once; everything else goes through the enrollment rules below.
  if (!parties.enrollment && parties.course && parties.course.tenant === order.tenant && !parties.course.capacity && parties.buyer.member) {
    const title = `${parties.buyer.name || parties.buyer.email} — ${parties.course.titles[DEFAULT_LOCALE] ?? `course ${course}`}`
    const enrollment = await enrollAtOnce(req, { tenant: order.tenant, person, course, title, source: 'payment' })
    if (enrollment !== undefined) {
      return { enrollment }
    }
  }
  const existing = await enrollmentOf(req, person, course)
  if (existing && HOLDING_PLACE.includes(existing.status)) {
    return { enrollment: existing.id, ...(existing.status === 'pending' ? {} : { attention: `The buyer already had a ${existing.status} enrollment when the payment arrived.` }) }
  }
  // The checkout held a place; one that expired before the money came may have been taken. The
  // money is recorded all the same, and staff decide: make room, or refund. Asked before the
  // write, which would otherwise fail and roll the payment back with it.
  const full = await fullCourse(req, course, person, existing?.id)
  if (full) {
    return { attention: `Paid, but not enrolled: ${full}` }
  }
  const enrollment = await actingAs(req, 'system', () =>
    existing
      ? req.payload.update({ collection: ENROLLMENTS, id: existing.id, data: { status: 'active', source: 'payment' }, depth: 0, overrideAccess: true, req })
      : req.payload.create({ collection: ENROLLMENTS, data: { user: person, course, status: 'active', source: 'payment' }, depth: 0, overrideAccess: true, req }),
  )
  return { enrollment: enrollment.id }
}

/** What settling a charge did to the order. */
export type Charged = { order: number; reference: string; status: OrderStatus; payment?: number; outcome: string }

/** An order's columns changed by SQL, audited as Payload's update of it would be. */
const updateOrder = async (req: PayloadRequest, order: OrderLine, changes: { status?: OrderStatus; paidAt?: string; holdsPlaceUntil?: null; failureReason?: null; enrollment?: number; invoice?: number; attention?: string }): Promise<void> => {
  const db = await sqlHandle(req)
  const set = (column: string, value: unknown) => (value === undefined ? sql`` : sql`, ${sql.identifier(column)} = ${value}`)
  await db.execute(sql`
    update orders set updated_at = now()
    ${set('status', changes.status)} ${set('paid_at', changes.paidAt)} ${set('holds_place_until', changes.holdsPlaceUntil)}
    ${set('failure_reason', changes.failureReason)} ${set('enrollment_id', changes.enrollment)} ${set('invoice_id', changes.invoice)} ${set('attention', changes.attention)}
    where id = ${order.id}`)
  const was: Record<string, unknown> = { status: order.status, paidAt: order.paidAt, holdsPlaceUntil: order.holdsPlaceUntil, failureReason: order.failureReason, enrollment: order.enrollment, invoice: order.invoice, attention: order.attention }
  const changed = Object.entries(changes)
    .filter(([field, value]) => value !== undefined && (was[field] ?? null) !== value)
    .map(([field]) => field)
    .sort()
  await recordAudit({ req, action: 'update', collection: ORDERS, documentId: order.id, changedFields: changed, tenants: [order.tenant] })
}

/**
 * Money arrived for an order: records the charge once (by the provider's reference), marks the
 * order paid, gives the buyer their place, counts the coupon and issues the invoice, all in one
 * transaction. A repeat of the same charge changes nothing; a second, different charge for an
 * order already paid is recorded and flagged for a refund, never enrolled twice.
 *
 * Written with SQL (audited and announced as Payload's writes are): providers deliver their
 * events by the hundred a second at busy times, and the Local API cost about 80 statements and
 * 50 ms of CPU per payment. The school's invoice counter is taken last, so its lock, which every
 * payment of the school waits for, is held for a few statements.
 */
export const recordCharge = async ({ req, orderId, provider, reference, amount, currency, by, at = new Date() }: { req: PayloadRequest; orderId: number; provider: Provider; reference: string; amount: number; currency: string; by?: number; at?: Date }): Promise<Charged> =>
  inTransaction(req, async () => {
    await lockFor(req, LOCKS.order, orderId)
    const facts = await orderFacts(req, orderId)
    if (!facts) {
      throw notFound('There is no such order.')
    }
    const { order } = facts
    const db = await sqlHandle(req)
    const paidAt = at.toISOString()
    const upper = (currency || order.currency).toUpperCase()
    const inserted = await db.execute(sql`
      insert into payments (tenant_id, order_id, buyer_id, kind, provider, amount, currency, reference, at, by_id)
      values (${order.tenant}, ${order.id}, ${order.buyer}, 'charge', ${provider}, ${amount}, ${upper}, ${reference}, ${paidAt}, ${by ?? null})
      on conflict (provider, reference) do nothing
      returning id`)
    const paymentId = (inserted.rows[0] as { id: number } | undefined)?.id
    const base = { order: order.id, reference: order.reference }
    if (paymentId === undefined) {
      return { ...base, status: order.status, outcome: 'already recorded' }
    }
    const payment = { id: Number(paymentId), amount, at: paidAt }
    await recordAudit({ req, action: 'create', collection: PAYMENTS, documentId: payment.id, changedFields: ['amount', 'at', ...(by ? ['by'] : []), 'buyer', 'currency', 'kind', 'order', 'provider', 'reference', 'tenant'], tenants: [order.tenant] })
    if (PAID.includes(order.status)) {
      await updateOrder(req, order, { attention: `A second payment (${provider} ${reference}) arrived for this paid order: refund it.` })
      return { ...base, status: order.status, payment: payment.id, outcome: 'second payment flagged' }
    }
    checkMove(order.status, 'succeeded')
    const short = upper !== order.currency || amount < order.total
    const { enrollment, attention } = short ? { enrollment: undefined, attention: `Received ${amount} ${upper} for a total of ${order.total} ${order.currency}.` } : await activateEnrollment(req, facts)
    if (order.coupon !== null) {
      await redeemCoupon(req, order.coupon)
    }
    await recordEvent(req, {
      type: 'payment.succeeded',
      tenant: order.tenant,
      subject: { collection: ORDERS, id: order.id },
      payload: { order: order.id, reference: order.reference, buyer: order.buyer, course: order.course, amount, currency: upper, provider, payment: payment.id, paidAt },
    })
    const invoice = await issueInvoice({ req, facts, payment, kind: 'invoice', newPayment: true })
    await updateOrder(req, order, { status: 'succeeded', paidAt, holdsPlaceUntil: null, failureReason: null, invoice: invoice.id, ...(enrollment ? { enrollment } : {}), ...(attention ? { attention } : {}) })
    return { ...base, status: 'succeeded', payment: payment.id, outcome: attention ? 'paid, needs attention' : 'paid' }
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
