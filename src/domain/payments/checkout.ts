import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import type { Course, Order, PaymentSetting } from '@/payload-types'

import { checkCourseOpen, checkPrerequisites } from '@/domain/enrollment/openness'
import { enrollmentStatusOf } from '@/domain/enrollment/enrollmentOf'
import { HOLDING_PLACE, TAKING_SEAT } from '@/domain/enrollment/status'
import { activeMemberships } from '@/domain/identity/memberships'
import { sqlList } from '@/services/database/adapter'
import { inTransaction, LOCKS, lockFor, sqlHandle } from '@/services/database/transactions'
import { settings } from '@/settings'
import { conflict, forbidden, invalid } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { ENROLLMENTS, ORDERS } from '@/shared/slugs'

import type { Provider } from './status'

import { couponFor } from './coupons'
import { placesHeld } from './holds'
import { quote } from './pricing'
import { createOrder } from './newOrder'
import { paymentSettingsOf } from './schoolSecrets'
import { OPEN } from './status'

export type CheckoutRequest = {
  req: PayloadRequest
  person: { id: number; email: string }
  /** As the buyer may read it. */
  course: Course
  provider: Provider
  couponCode?: string
  /** The client's key for this purchase: the same key answers the same order. */
  idempotencyKey?: string
  locale?: string
  /** The school's payment settings, when the caller read them already (undefined: read here). */
  schoolSettings?: PaymentSetting | null
  now?: Date
}

/** Which providers a school with these settings takes, as the platform allows. */
export const providersFrom = (own: PaymentSetting | null | undefined, stripeAvailable: boolean): Provider[] => [
    ...(stripeAvailable && (own?.stripeEnabled ?? true) ? (['stripe'] as const) : []),
    ...(own?.paypalEnabled && own.paypalClientId && own.paypalClientSecret ? (['paypal'] as const) : []),
    ...(own?.bankEnabled && own.bankDetails ? (['bank'] as const) : []),
]

/** Which providers the school takes, as its settings and the platform allow. */
export const providersOf = async (req: PayloadRequest, tenant: number, stripeAvailable: boolean): Promise<Provider[]> => providersFrom(await paymentSettingsOf(req, tenant), stripeAvailable)

/** Refuses a checkout that could not end in a place: not a member, not for sale, closed, already in. */
const checkBuyable = async ({ req, person, course, now }: { req: PayloadRequest; person: { id: number }; course: Course; now: Date }): Promise<{ amount: number; currency: string }> => {
  const tenant = relationId(course.tenant)
  if (!(await activeMemberships(req)).some((m) => m.tenantId === tenant)) {
    throw forbidden('Join this school before buying its courses.')
  }
  const amount = course.price?.amount
  const currency = course.price?.currency
  if (course.enrollmentPolicy !== 'paid' || !amount || !currency) {
    throw conflict('This course is not sold: enroll in it instead.')
  }
  checkCourseOpen(course, now)
  await checkPrerequisites(req, person.id, course)
  const existing = await enrollmentStatusOf(req, person.id, course.id)
  if (existing && HOLDING_PLACE.includes(existing)) {
    throw conflict(`You already have a ${existing} enrollment in this course.`)
  }
  return { amount, currency }
}

/**
 * Under the course's seat lock: a course whose places are all taken or held refuses before money
 * moves. A course without a limit has no places to count: the buyer's own lock is enough to keep
 * two checkouts of theirs from both placing an order, and buyers do not queue behind each other.
 */
const checkPlaceFree = async (req: PayloadRequest, course: Course, buyer: number, now: Date): Promise<void> => {
  if (!course.capacity) {
    await lockFor(req, LOCKS.buyerCheckout, buyer)
    return
  }
  await lockFor(req, LOCKS.courseSeats, course.id)
  const taken = (await req.payload.count({ collection: ENROLLMENTS, where: { and: [{ course: { equals: course.id } }, { status: { in: [...TAKING_SEAT] } }] }, overrideAccess: true, req })).totalDocs
  if (taken + (await placesHeld(req, { course: course.id, except: buyer, now })) >= course.capacity) {
    throw conflict(`This course is full: all ${course.capacity} places are taken or being paid for.`)
  }
}

/** A client's Idempotency-Key, when it sent one: 8 to 200 visible ASCII characters (the unique index holds it). */
export const checkIdempotencyKey = (key: string | undefined): void => {
  if (key !== undefined && !/^[\x21-\x7e]{8,200}$/.test(key)) {
    throw invalid('An Idempotency-Key is 8 to 200 visible ASCII characters.')
  }
}

/** The order a key made before answers again, for the same checkout only. */
const answeredAgain = (order: Order, course: Course, provider: Provider): { order: Order; created: false } => {
  if (relationId(order.course) !== course.id || order.provider !== provider) {
    throw conflict('This Idempotency-Key was used for another checkout.')
  }
  return { order, created: false }
}

/**
 * Under the checkout's lock: the buyer's order with this key (placed by a twin request since it
 * was first looked for), else their open order of this course still holding a place.
 */
const earlierOrder = async (req: PayloadRequest, { buyer, course, idempotencyKey, now }: { buyer: number; course: number; idempotencyKey?: string; now: Date }): Promise<{ id: number; sameKey: boolean } | undefined> => {
  const db = await sqlHandle(req)
  const key = idempotencyKey ?? null
  const { rows } = await db.execute(sql`
    select id, coalesce(idempotency_key = ${key}, false) as "sameKey" from orders
    where buyer_id = ${buyer} and (idempotency_key = ${key} or (course_id = ${course} and status::text = any(${sqlList([...OPEN])}::text[]) and holds_place_until > ${now.toISOString()}))
    order by 2 desc, id desc limit 1`)
  return rows[0] as { id: number; sameKey: boolean } | undefined
}

/**
 * The first half of buying a course: checks the buyer may, quotes the price from the server's
 * own course, coupon and tax, and writes a pending order that holds a place while the buyer
 * pays. The same idempotency key answers the order it made before; a fresh open order of the
 * same buyer, course and provider is answered again instead of a second one. The provider's
 * side (a Checkout Session, a PayPal order, bank instructions) is `startPayment`'s.
 */
export const placeOrder = async ({ req, person, course, provider, couponCode, idempotencyKey, locale, schoolSettings, now = new Date() }: CheckoutRequest): Promise<{ order: Order; created: boolean }> => {
  checkIdempotencyKey(idempotencyKey)
  if (idempotencyKey) {
    const same = await req.payload.find({ collection: ORDERS, where: { and: [{ buyer: { equals: person.id } }, { idempotencyKey: { equals: idempotencyKey } }] }, limit: 1, depth: 0, pagination: false, overrideAccess: true, req })
    if (same.docs[0]) {
      return answeredAgain(same.docs[0], course, provider)
    }
  }
  const { amount, currency } = await checkBuyable({ req, person, course, now })
  const tenant = relationId(course.tenant)!
  const coupon = couponCode ? await couponFor({ req, code: couponCode, course, now }) : undefined
  const price = quote({ unitAmount: amount, currency, coupon, settings: (schoolSettings === undefined ? await paymentSettingsOf(req, tenant) : schoolSettings) ?? undefined })
  return inTransaction(req, async () => {
    await checkPlaceFree(req, course, person.id, now)
    const earlier = await earlierOrder(req, { buyer: person.id, course: course.id, idempotencyKey, now })
    if (earlier) {
      const order = await req.payload.findByID({ collection: ORDERS, id: earlier.id, depth: 0, overrideAccess: true, req })
      if (earlier.sameKey) {
        return answeredAgain(order, course, provider)
      }
      if (order.provider === provider && order.total === price.total && !idempotencyKey) {
        return { order, created: false }
      }
    }
    const order = await createOrder(req, {
      tenant,
      buyer: person.id,
      buyerEmail: person.email,
      kind: 'course',
      course: course.id,
      quantity: 1,
      provider,
      price,
      ...(coupon ? { coupon: coupon.id, couponCode: coupon.code } : {}),
      idempotencyKey,
      locale,
      holdsPlaceUntil: new Date(now.getTime() + settings.payments.holdMinutes * 60_000).toISOString(),
    })
    return { order, created: true }
  })
}
