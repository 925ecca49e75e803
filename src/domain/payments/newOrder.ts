import type { PayloadRequest } from 'payload'

import type { Order } from '@/payload-types'

import crypto from 'node:crypto'

import { DEFAULT_LOCALE, isLocaleCode } from '@/i18n/locales'
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

/** A pending order at a quoted price, with a fresh reference, in `req`'s transaction. */
export const createOrder = (req: PayloadRequest, { price, idempotencyKey, locale, ...fields }: NewOrder): Promise<Order> =>
  req.payload.create({
    collection: ORDERS,
    data: {
      ...fields,
      reference: newReference(),
      status: 'pending',
      currency: price.currency,
      subtotal: price.subtotal,
      discount: price.discount,
      tax: price.tax,
      total: price.total,
      refunded: 0,
      taxRate: price.taxRate,
      taxIncluded: price.taxIncluded,
      idempotencyKey: idempotencyKey ?? crypto.randomUUID(),
      locale: isLocaleCode(locale) ? locale : DEFAULT_LOCALE,
    },
    depth: 0,
    overrideAccess: true,
    req,
  })
