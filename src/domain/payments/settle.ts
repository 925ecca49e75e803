import type { PayloadRequest } from 'payload'

import type { Order, Payment } from '@/payload-types'

import { sql } from '@payloadcms/db-postgres'

import { type AtOnce, enrollAllAtOnce } from '@/domain/enrollment/enrollAtOnce'
import { enrollmentOf } from '@/domain/enrollment/enrollmentOf'
import { actingAs, fullCourse } from '@/domain/enrollment/rules'
import { HOLDING_PLACE } from '@/domain/enrollment/status'
import { recordEvent } from '@/domain/events/recordEvent'
import { DEFAULT_LOCALE } from '@/i18n/locales'
import { recordAudit } from '@/services/audit/recordAudit'
import { executePrepared, sqlList } from '@/services/database/adapter'
import { inTransaction, LOCKS, lockAllFor, lockFor, sqlHandle } from '@/services/database/transactions'
import { notFound } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { ENROLLMENTS, ORDERS, PAYMENTS } from '@/shared/slugs'

import type { OrderStatus, Provider } from './status'

import { redeemCoupon } from './coupons'
import { issueInvoices } from './issueInvoice'
import { type OrderFacts, type OrderLine, ordersFacts } from './orderFacts'
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

/** The usual case, a member buying a course with no capacity they are not enrolled in: written at once (`enrollAllAtOnce`). */
const enrollsAtOnce = ({ order, parties }: OrderFacts): boolean => order.course !== null && !parties.enrollment && parties.course !== null && parties.course.tenant === order.tenant && !parties.course.capacity && parties.buyer.member

const atOnce = ({ order, parties }: OrderFacts): AtOnce => ({
  tenant: order.tenant,
  person: order.buyer,
  course: order.course!,
  title: `${parties.buyer.name || parties.buyer.email} — ${parties.course?.titles[DEFAULT_LOCALE] ?? `course ${order.course}`}`,
  source: 'payment',
})

/** The buyer gets their place through the enrollment rules: theirs taken up again, or a new one; `attention` says why not. */
const enrollByTheRules = async (req: PayloadRequest, { order }: OrderFacts): Promise<{ enrollment?: number; attention?: string }> => {
  const person = order.buyer
  const course = order.course
  if (course === null) {
    return {}
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

type OrderChanges = { status?: OrderStatus; paidAt?: string; enrollment?: number; invoice?: number; attention?: string }

/**
 * Orders' columns changed by SQL in one statement, each audited as Payload's update of it would
 * be. An order that becomes `succeeded` no longer holds a place nor carries a failure.
 */
const updateOrders = async (req: PayloadRequest, changes: Map<number, { order: OrderLine; changes: OrderChanges }>): Promise<void> => {
  const all = [...changes.values()]
  if (all.length === 0) {
    return
  }
  const column = <T extends string | number | null>(pick: (c: OrderChanges, order: OrderLine) => T) => sqlList(all.map((c) => pick(c.changes, c.order)))
  const db = await sqlHandle(req)
  await executePrepared(db, sql`
    update orders o set updated_at = now(),
      status = coalesce(v.status::enum_orders_status, o.status), paid_at = coalesce(v.paid_at, o.paid_at),
      holds_place_until = case when v.status = 'succeeded' then null else o.holds_place_until end,
      failure_reason = case when v.status = 'succeeded' then null else o.failure_reason end,
      enrollment_id = coalesce(v.enrollment, o.enrollment_id), invoice_id = coalesce(v.invoice, o.invoice_id), attention = coalesce(v.attention, o.attention)
    from unnest(${column((_, o) => o.id)}::int[], ${column((c) => c.status ?? null)}::text[], ${column((c) => c.paidAt ?? null)}::timestamptz[],
      ${column((c) => c.enrollment ?? null)}::int[], ${column((c) => c.invoice ?? null)}::int[], ${column((c) => c.attention ?? null)}::text[])
      as v(id, status, paid_at, enrollment, invoice, attention)
    where o.id = v.id`)
  for (const { order, changes: to } of all) {
    const settles = to.status === 'succeeded' ? { holdsPlaceUntil: null, failureReason: null } : {}
    const now: Record<string, unknown> = { ...to, ...settles }
    const was: Record<string, unknown> = { status: order.status, paidAt: order.paidAt, holdsPlaceUntil: order.holdsPlaceUntil, failureReason: order.failureReason, enrollment: order.enrollment, invoice: order.invoice, attention: order.attention }
    const changed = Object.entries(now)
      .filter(([field, value]) => value !== undefined && (was[field] ?? null) !== value)
      .map(([field]) => field)
      .sort()
    await recordAudit({ req, action: 'update', collection: ORDERS, documentId: order.id, changedFields: changed, tenants: [order.tenant] })
  }
}

/**
 * Money a provider (or staff, for a bank transfer) says arrived for an order. With `expect`, the
 * order must have that reference (and Checkout Session) for the charge to be its: a provider's
 * event names the order in metadata, checked once the order is locked.
 */
export type Charge = { orderId: number; provider: Provider; reference: string; amount: number; currency: string; by?: number; at?: Date; expect?: { reference: string; checkoutSession: string } }

/**
 * Money arrived for an order: records the charge once (by the provider's reference), marks the
 * order paid, gives the buyer their place, counts the coupon and issues the invoice, all in one
 * transaction. A repeat of the same charge changes nothing; a second, different charge for an
 * order already paid is recorded and flagged for a refund, never enrolled twice.
 */
export const recordCharge = async ({ req, ...charge }: Omit<Charge, 'expect'> & { req: PayloadRequest }): Promise<Charged> => (await recordCharges(req, [charge]))[0]!

/**
 * `recordCharge` for several charges in one transaction, as if recorded one after another in
 * the order given, with one statement per table for all of them. Written with SQL (audited and
 * announced as Payload's writes are): providers deliver their events by the hundred a second
 * at busy times, and the Local API cost about 80 statements and 50 ms of CPU per payment. A
 * charge whose `expect` the order does not meet (or whose order does not exist) is not recorded:
 * `undefined` in its place. The
 * orders are locked in id order (two batches sharing orders never wait for each other
 * crosswise); the school's invoice counter is taken last, so its lock, which every payment of
 * the school waits for, is held for one statement and the commit.
 */
export const recordCharges = async (req: PayloadRequest, given: readonly Charge[]): Promise<(Charged | undefined)[]> =>
  inTransaction(req, async () => {
    // One moment per charge, so the payment's row, its event and its invoice say the same time.
    const charges = given.map((c) => ({ ...c, at: c.at ?? new Date() }))
    const orderIds = [...new Set(charges.map((c) => c.orderId))]
    await lockAllFor(req, LOCKS.order, orderIds)
    const facts = await ordersFacts(req, orderIds)
    if (charges.some((c) => !c.expect && !facts.has(c.orderId))) {
      throw notFound('There is no such order.')
    }
    const isFor = (c: Charge): boolean => {
      const order = facts.get(c.orderId)?.order
      return order !== undefined && (!c.expect || (order.reference === c.expect.reference && order.stripeCheckoutSession === c.expect.checkoutSession))
    }
    const keyOf = (c: Pick<Charge, 'provider' | 'reference'>) => `${c.provider} ${c.reference}`
    // A reference twice in the list is a repeat, as a reference already in the table is.
    const firsts = charges.filter(isFor).filter((c, i, all) => all.findIndex((o) => keyOf(o) === keyOf(c)) === i)
    if (firsts.length === 0) {
      return charges.map(() => undefined)
    }
    const column = <T extends string | number | null>(pick: (c: Charge & { at: Date }, order: OrderLine) => T) => sqlList(firsts.map((c) => pick(c, facts.get(c.orderId)!.order)))
    const db = await sqlHandle(req)
    const inserted = await executePrepared(db, sql`
      insert into payments (tenant_id, order_id, buyer_id, kind, provider, amount, currency, reference, at, by_id)
      select p.tenant, p.order_id, p.buyer, 'charge', p.provider::enum_payments_provider, p.amount, p.currency, p.reference, p.at, p.by
      from unnest(${column((_, o) => o.tenant)}::int[], ${column((_, o) => o.id)}::int[], ${column((_, o) => o.buyer)}::int[], ${column((c) => c.provider)}::text[],
        ${column((c) => c.amount)}::numeric[], ${column((c, o) => (c.currency || o.currency).toUpperCase())}::text[], ${column((c) => c.reference)}::text[],
        ${column((c) => c.at.toISOString())}::timestamptz[], ${column((c) => c.by ?? null)}::int[])
        as p(tenant, order_id, buyer, provider, amount, currency, reference, at, by)
      on conflict (provider, reference) do nothing
      returning id, provider, reference`)
    const recorded = new Map((inserted.rows as { id: number; provider: Provider; reference: string }[]).map((r) => [keyOf(r), Number(r.id)]))
    const status = new Map([...facts].map(([id, f]) => [id, f.order.status]))
    const changes = new Map<number, { order: OrderLine; changes: OrderChanges }>()
    const changesOf = (order: OrderLine): OrderChanges => {
      const known = changes.get(order.id) ?? { order, changes: {} }
      changes.set(order.id, known)
      return known.changes
    }
    const results: (Charged | undefined)[] = charges.map(() => undefined)
    const paying: { index: number; facts: OrderFacts; payment: { id: number; amount: number; at: string }; currency: string; provider: Provider; short: boolean }[] = []
    for (const [index, charge] of charges.entries()) {
      if (!isFor(charge)) {
        continue
      }
      const { order } = facts.get(charge.orderId)!
      const base = { order: order.id, reference: order.reference }
      const paymentId = firsts.includes(charge) ? recorded.get(keyOf(charge)) : undefined
      if (paymentId === undefined) {
        results[index] = { ...base, status: status.get(order.id)!, outcome: 'already recorded' }
        continue
      }
      const currency = (charge.currency || order.currency).toUpperCase()
      const payment = { id: paymentId, amount: charge.amount, at: charge.at.toISOString() }
      await recordAudit({ req, action: 'create', collection: PAYMENTS, documentId: payment.id, changedFields: ['amount', 'at', ...(charge.by ? ['by'] : []), 'buyer', 'currency', 'kind', 'order', 'provider', 'reference', 'tenant'], tenants: [order.tenant] })
      if (PAID.includes(status.get(order.id)!)) {
        changesOf(order).attention = `A second payment (${charge.provider} ${charge.reference}) arrived for this paid order: refund it.`
        results[index] = { ...base, status: status.get(order.id)!, payment: payment.id, outcome: 'second payment flagged' }
        continue
      }
      checkMove(status.get(order.id)!, 'succeeded')
      status.set(order.id, 'succeeded')
      paying.push({ index, facts: facts.get(order.id)!, payment, currency, provider: charge.provider, short: currency !== order.currency || charge.amount < order.total })
    }
    // The buyers' places: the usual case all at once, the rest (or one refused there) by the rules.
    const placed = new Map<number, { enrollment?: number; attention?: string }>()
    const quick = paying.filter((p) => !p.short && enrollsAtOnce(p.facts))
    const made = await enrollAllAtOnce(req, quick.map((p) => atOnce(p.facts)))
    quick.forEach((p, k) => made[k] !== undefined && placed.set(p.index, { enrollment: made[k] }))
    for (const p of paying) {
      const { order } = p.facts
      if (!placed.has(p.index)) {
        placed.set(p.index, p.short ? { attention: `Received ${p.payment.amount} ${p.currency} for a total of ${order.total} ${order.currency}.` } : await enrollByTheRules(req, p.facts))
      }
      if (order.coupon !== null) {
        await redeemCoupon(req, order.coupon)
      }
      await recordEvent(req, {
        type: 'payment.succeeded',
        tenant: order.tenant,
        subject: { collection: ORDERS, id: order.id },
        payload: { order: order.id, reference: order.reference, buyer: order.buyer, course: order.course, amount: p.payment.amount, currency: p.currency, provider: p.provider, payment: p.payment.id, paidAt: p.payment.at },
      })
    }
    const invoices = await issueInvoices(req, paying.map((p) => ({ facts: p.facts, payment: p.payment, kind: 'invoice', newPayment: true })))
    paying.forEach((p, k) => {
      const { enrollment, attention } = placed.get(p.index)!
      const to = changesOf(p.facts.order)
      // A second payment flagged later in the list has the last word, as its update would have.
      Object.assign(to, { status: 'succeeded', paidAt: p.payment.at, invoice: invoices[k]!.id, ...(enrollment ? { enrollment } : {}), ...(attention && to.attention === undefined ? { attention } : {}) })
      results[p.index] = { order: p.facts.order.id, reference: p.facts.order.reference, status: 'succeeded', payment: p.payment.id, outcome: attention ? 'paid, needs attention' : 'paid' }
    })
    await updateOrders(req, changes)
    return results
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
