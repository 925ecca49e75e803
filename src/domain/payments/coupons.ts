import type { PayloadRequest } from 'payload'

import type { Coupon, Course } from '@/payload-types'

import { sql } from '@payloadcms/db-postgres'

import { sqlHandle } from '@/services/database/transactions'
import { invalid } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { COUPONS } from '@/shared/slugs'

const refuse = (field: string, message: string): never => {
  throw invalid(message, { field, collection: COUPONS })
}

/** A coupon is one kind of discount, whole: a percentage, or an amount in a currency. */
export const checkCoupon = (coupon: Partial<Coupon>): true => {
  if (coupon.kind === 'fixed') {
    if (!coupon.amountOff) {
      refuse('amountOff', 'A fixed-amount coupon needs the amount off.')
    }
    if (!coupon.currency || !/^[A-Z]{3}$/.test(coupon.currency.toUpperCase())) {
      refuse('currency', 'A fixed-amount coupon needs its currency (ISO 4217, such as USD).')
    }
    coupon.currency = coupon.currency!.toUpperCase()
  } else if (!coupon.percentOff) {
    refuse('percentOff', 'A percentage coupon needs the percentage off.')
  }
  if (coupon.validFrom && coupon.validUntil && new Date(coupon.validFrom) >= new Date(coupon.validUntil)) {
    refuse('validUntil', 'A coupon must end after it starts.')
  }
  return true
}

/**
 * The coupon `code` of the course's school, if it applies to this course now; otherwise a 400
 * saying why (buyers type codes, so the message is theirs to act on).
 */
export const couponFor = async ({ req, code, course, now }: { req: PayloadRequest; code: string; course: Course; now: Date }): Promise<Coupon> => {
  const found = await req.payload.find({
    collection: COUPONS,
    where: { and: [{ tenant: { equals: relationId(course.tenant) } }, { code: { equals: code.trim().toUpperCase() } }] },
    limit: 1,
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  const coupon = found.docs[0]
  const why = !coupon || !coupon.active
    ? 'This coupon code is not valid.'
    : coupon.course && relationId(coupon.course) !== course.id
      ? 'This coupon is for another course.'
      : coupon.validFrom && new Date(coupon.validFrom) > now
        ? 'This coupon is not valid yet.'
        : coupon.validUntil && new Date(coupon.validUntil) <= now
          ? 'This coupon has expired.'
          : coupon.maxRedemptions && (coupon.redemptions ?? 0) >= coupon.maxRedemptions
            ? 'This coupon has been used up.'
            : coupon.kind === 'fixed' && coupon.currency !== course.price?.currency
              ? `This coupon is in ${coupon.currency}; the course is priced in ${course.price?.currency}.`
              : undefined
  if (why) {
    throw invalid(why)
  }
  return coupon!
}

/**
 * Counts one use of a coupon when its order is paid. The limit was checked at checkout; a paid
 * order keeps its discount even if others used the last redemptions meanwhile (the buyer was
 * quoted it), so this only counts.
 */
export const redeemCoupon = async (req: PayloadRequest, couponId: number): Promise<void> => {
  const db = await sqlHandle(req)
  await db.execute(sql`update coupons set redemptions = coalesce(redemptions, 0) + 1 where id = ${couponId}`)
}
