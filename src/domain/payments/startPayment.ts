import type { PayloadRequest } from 'payload'

import type { Course, Order, PaymentSetting } from '@/payload-types'

import { sql } from '@payloadcms/db-postgres'

import { DEFAULT_LOCALE } from '@/i18n/locales'
import { writeAudited } from '@/services/audit/recordAudit'
import { createStripeCheckout, isIdempotencyClash } from '@/services/stripe/client'
import { settings } from '@/settings'
import { conflict, unavailable } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { ORDERS } from '@/shared/slugs'

import { bankInstructions } from './bankTransfer'
import { startPayPal } from './paypalPayments'
import { paymentSettingsOf } from './schoolSecrets'
import { recordCharge, recordFailure } from './settle'
import { OPEN } from './status'
import { stripeDestinationOf } from './stripeConnect'

/** What the buyer does next: go to the provider's page, or read the transfer instructions. */
export type NextStep = { redirectUrl: string } | { instructions: string; reference: string } | { paid: true }

type StripeSession = { checkoutSession: string; url: string; account: string | null; applicationFee: number | null }

/**
 * The order's Checkout Session, written by SQL with its audit entry in one statement, recorded
 * as Payload's update of the `stripe` group would be: a Payload update re-reads and re-validates
 * the whole order, a third of a checkout's time. The session is created with the order's own
 * idempotency key, so a second writer (the same checkout asked again) writes the same session.
 */
const recordStripeSession = async (req: PayloadRequest, order: Order, session: StripeSession): Promise<void> => {
  const was = order.stripe ?? {}
  const changed = (['checkoutSession', 'url', 'account', 'applicationFee'] as const).some((field) => (was[field] ?? null) !== session[field])
  await writeAudited(
    sql`update orders set updated_at = now(), stripe_checkout_session = ${session.checkoutSession}, stripe_url = ${session.url},
      stripe_account = ${session.account}, stripe_application_fee = ${session.applicationFee}
    where id = ${order.id}`,
    { req, action: 'update', collection: ORDERS, documentId: order.id, changedFields: changed ? ['stripe'] : [], tenants: [relationId(order.tenant)!] },
  )
  order.stripe = { ...was, ...session }
}

const MINUTE = 60_000

/**
 * When the session ends: as long as the order holds its place, within Stripe's 30 minutes to 24
 * hours. Reckoned from the order alone, so twin requests for one order ask Stripe for the same
 * session (one idempotency key must carry the same parameters); from now only when that would be
 * too soon for Stripe (the order answered again long after it was placed).
 */
const sessionEnd = (order: Order, now: Date): Date => {
  const created = new Date(order.createdAt).getTime()
  const hold = order.holdsPlaceUntil ? new Date(order.holdsPlaceUntil).getTime() : created
  const fromOrder = Math.min(created + 23 * 60 * MINUTE, Math.max(hold, created + 31 * MINUTE))
  return new Date(fromOrder >= now.getTime() + 30.5 * MINUTE ? fromOrder : now.getTime() + 31 * MINUTE)
}

const titleOf = (course: Course, locale: string): string => {
  const title = course.title as unknown
  return typeof title === 'string' ? title : ((title as Record<string, string> | null)?.[locale] ?? (title as Record<string, string> | null)?.[DEFAULT_LOCALE] ?? 'Course')
}

const startStripe = async (req: PayloadRequest, order: Order, course: Course, now: Date, schoolSettings: PaymentSetting | null | undefined): Promise<NextStep> => {
  if (order.stripe?.checkoutSession && order.stripe.url) {
    return { redirectUrl: order.stripe.url }
  }
  // The school's own account once Stripe lets it take charges; the platform's until then.
  const destination = stripeDestinationOf(schoolSettings === undefined ? await paymentSettingsOf(req, relationId(order.tenant)!) : (schoolSettings ?? undefined))
  const account = destination?.account
  const applicationFee = destination ? Math.round((order.total * destination.feePercent) / 100) : undefined
  try {
    // One line for the whole order: the discount and tax are the server's, and Stripe charges exactly the order's total.
    const session = await createStripeCheckout({
      idempotencyKey: `aqoon-checkout-${order.reference}`,
      orderId: order.id,
      reference: order.reference,
      tenant: relationId(order.tenant)!,
      productName: titleOf(course, order.locale ?? DEFAULT_LOCALE).slice(0, 250),
      currency: order.currency,
      unitAmount: order.total,
      quantity: 1,
      customerEmail: order.buyerEmail ?? '',
      successUrl: `${settings.serverUrl}/learn/orders/${order.reference}`,
      cancelUrl: `${settings.serverUrl}/learn/courses/${course.slug}`,
      expiresAt: sessionEnd(order, now),
      ...(account ? { destination: { account, applicationFee: applicationFee ?? 0 } } : {}),
    })
    await recordStripeSession(req, order, { checkoutSession: session.id, url: session.url, account: account ?? null, applicationFee: applicationFee ?? null })
    return { redirectUrl: session.url }
  } catch (error) {
    if (isIdempotencyClash(error)) {
      // A twin request for this order (the same Idempotency-Key) is making its session: the session is the buyer's, and the order stands.
      const current = await req.payload.findByID({ collection: ORDERS, id: order.id, depth: 0, overrideAccess: true, req })
      if (current.stripe?.url) {
        return { redirectUrl: current.stripe.url }
      }
      throw conflict('This checkout is being started by another request of yours; try again in a moment.')
    }
    req.payload.logger.warn({ err: error, msg: `payments: Stripe refused or failed the checkout of order ${order.reference}` })
    await recordFailure({ req, orderId: order.id, reason: 'Card payment could not be started.' })
    throw unavailable('Card payments cannot be started right now. Try again in a few minutes.')
  }
}

/**
 * The second half of a checkout: the provider's side of an order placed by `placeOrder`. Called
 * again for the same order (the same idempotency key), it answers the same next step.
 * `schoolSettings`: the order's school's payment settings when the caller read them already.
 */
export const startPayment = async ({ req, order, course, schoolSettings, now = new Date() }: { req: PayloadRequest; order: Order; course: Course; schoolSettings?: PaymentSetting | null; now?: Date }): Promise<NextStep> => {
  if (!OPEN.includes(order.status)) {
    if (order.status === 'failed') {
      throw conflict(`This checkout ended without payment (${order.failureReason ?? 'failed'}). Start a new one.`)
    }
    return { paid: true }
  }
  if (order.total === 0) {
    // A coupon that takes everything: nothing to collect, and the order is paid as it stands.
    await recordCharge({ req, orderId: order.id, provider: order.provider, reference: `free-${order.reference}`, amount: 0, currency: order.currency })
    return { paid: true }
  }
  switch (order.provider) {
    case 'stripe':
      return startStripe(req, order, course, now, schoolSettings)
    case 'paypal':
      return startPayPal({ req, order, title: titleOf(course, order.locale ?? DEFAULT_LOCALE) })
    case 'bank': {
      const { instructions, reference } = await bankInstructions({ req, order })
      return { instructions, reference }
    }
  }
}
