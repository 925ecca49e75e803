import type { PayloadRequest } from 'payload'

import type { Order } from '@/payload-types'

import { sql } from '@payloadcms/db-postgres'
import crypto from 'node:crypto'

import { DEFAULT_LOCALE, isLocaleCode } from '@/i18n/locales'
import { changedFields } from '@/services/audit/changedFields'
import { insertAudited } from '@/services/audit/recordAudit'
import { inTransaction } from '@/services/database/transactions'
import { relationId } from '@/shared/relationId'
import { ORDERS } from '@/shared/slugs'

import type { Quote } from './pricing'

/** Orders are quoted by people on the phone to their bank: no 0/O or 1/I to mix up. */
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'

export const newReference = (): string => {
  const chars = [...crypto.randomBytes(8)].map((b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]).join('')
  return `AQ-${chars.slice(0, 4)}-${chars.slice(4)}`
}

type NewOrder = Pick<Order, 'tenant' | 'buyer' | 'buyerEmail' | 'kind' | 'quantity' | 'provider'> &
  Partial<Pick<Order, 'course' | 'seatSubscription' | 'coupon' | 'couponCode' | 'holdsPlaceUntil'>> & {
    price: Pick<Quote, 'currency' | 'subtotal' | 'discount' | 'tax' | 'total' | 'taxRate' | 'taxIncluded'>
    idempotencyKey?: string
    locale?: string | null
  }

/**
 * A pending order at a quoted price, with a fresh reference, in `req`'s transaction (or one of its
 * own). Written by SQL and audited as Payload's create would be: the values are the domain's own
 * (the server's price, the buyer, the school), so Payload's validation of every field and reading
 * of every related document, most of a checkout's time, would check nothing it does not know.
 */
export const createOrder = (req: PayloadRequest, { price, idempotencyKey, locale, ...fields }: NewOrder): Promise<Order> =>
  inTransaction(req, async () => {
    const ids = {
      tenant: relationId(fields.tenant) ?? null,
      buyer: relationId(fields.buyer)!,
      course: relationId(fields.course) ?? null,
      seatSubscription: relationId(fields.seatSubscription) ?? null,
      coupon: relationId(fields.coupon) ?? null,
    }
    const values = {
      reference: newReference(),
      idempotencyKey: idempotencyKey ?? crypto.randomUUID(),
      locale: isLocaleCode(locale) ? locale : DEFAULT_LOCALE,
      holdsPlaceUntil: fields.holdsPlaceUntil ?? null,
    }
    // When it was written, by the app's clock, as Payload stamps its writes (not when the transaction began).
    const at = new Date().toISOString()
    const order: Order = {
      // Its id once written: the audit entry names it in the same statement.
      id: 0,
      ...ids,
      reference: values.reference,
      buyer: ids.buyer,
      buyerEmail: fields.buyerEmail ?? null,
      kind: fields.kind,
      quantity: fields.quantity,
      status: 'pending',
      provider: fields.provider,
      currency: price.currency,
      subtotal: price.subtotal,
      discount: price.discount,
      tax: price.tax,
      total: price.total,
      refunded: 0,
      taxRate: price.taxRate,
      taxIncluded: price.taxIncluded,
      couponCode: fields.couponCode ?? null,
      idempotencyKey: values.idempotencyKey,
      locale: values.locale,
      holdsPlaceUntil: values.holdsPlaceUntil,
      stripe: { checkoutSession: null, paymentIntent: null, account: null, applicationFee: null, url: null },
      paypal: { order: null, capture: null, url: null },
      proof: null,
      enrollment: null,
      invoice: null,
      paidAt: null,
      failedAt: null,
      failureReason: null,
      attention: null,
      createdAt: at,
      updatedAt: at,
    }
    order.id = await insertAudited(
      sql`
      insert into orders (tenant_id, reference, buyer_id, buyer_email, kind, course_id, seat_subscription_id, quantity, status, provider, currency,
        subtotal, discount, tax, total, refunded, tax_rate, tax_included, coupon_id, coupon_code, idempotency_key, locale, holds_place_until, created_at, updated_at)
      values (${ids.tenant}, ${values.reference}, ${ids.buyer}, ${fields.buyerEmail ?? null}, ${fields.kind}, ${ids.course}, ${ids.seatSubscription}, ${fields.quantity},
        'pending', ${fields.provider}, ${price.currency}, ${price.subtotal}, ${price.discount}, ${price.tax}, ${price.total}, 0, ${price.taxRate}, ${price.taxIncluded},
        ${ids.coupon}, ${fields.couponCode ?? null}, ${values.idempotencyKey}, ${values.locale}, ${values.holdsPlaceUntil}, ${at}, ${at})
      returning id`,
      { req, collection: ORDERS, changedFields: changedFields(undefined, order as unknown as Record<string, unknown>), tenants: ids.tenant === null ? [] : [ids.tenant] },
    )
    return order
  })
