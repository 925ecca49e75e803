import Stripe from 'stripe'

import { settings } from '@/settings'

let cached: { key: string; base: string | undefined; client: Stripe } | undefined

/** Whether card payments can be taken at all: the platform has a Stripe secret key. */
export const stripeConfigured = (): boolean => Boolean(settings.stripe.secretKey)

/**
 * The platform's Stripe client (one per process). STRIPE_API_BASE points it elsewhere, as tests
 * do at a stand-in; the SDK retries network errors and 5xx itself, keeping each request's
 * idempotency key, so a retried create makes one object.
 */
export const stripeClient = (): Stripe => {
  const { secretKey, apiBase } = settings.stripe
  if (!secretKey) {
    throw new Error('STRIPE_SECRET_KEY is not set.')
  }
  if (cached?.key !== secretKey || cached.base !== apiBase) {
    const base = apiBase ? new URL(apiBase) : undefined
    cached = {
      key: secretKey,
      base: apiBase,
      client: new Stripe(secretKey, {
        maxNetworkRetries: 2,
        timeout: 20_000,
        appInfo: { name: 'Aqoon' },
        ...(base ? { host: base.hostname, port: base.port || (base.protocol === 'http:' ? 80 : 443), protocol: base.protocol === 'http:' ? 'http' : 'https' } : {}),
      }),
    }
  }
  return cached.client
}

/**
 * A webhook event, verified against the raw body with the platform endpoint's secret or the
 * Connect endpoint's; throws Stripe's signature error when neither signed it (or it is older
 * than Stripe's five-minute tolerance).
 */
export const verifiedStripeEvent = (rawBody: string, signature: string): Stripe.Event => {
  const secrets = [settings.stripe.webhookSecret, settings.stripe.connectWebhookSecret].filter((s): s is string => Boolean(s))
  if (secrets.length === 0) {
    throw new Error('STRIPE_WEBHOOK_SECRET is not set.')
  }
  let failure: unknown
  for (const secret of secrets) {
    try {
      return Stripe.webhooks.constructEvent(rawBody, signature, secret)
    } catch (error) {
      failure = error
    }
  }
  throw failure
}

export type StripeCheckoutInput = {
  idempotencyKey: string
  orderId: number
  reference: string
  tenant: number
  productName: string
  currency: string
  /** Per unit, in the smallest unit. */
  unitAmount: number
  quantity: number
  customerEmail: string
  successUrl: string
  cancelUrl: string
  expiresAt: Date
  /** A destination charge to the school's connected account, with the platform's fee. */
  destination?: { account: string; applicationFee: number }
}

/** The parts every Checkout Session of ours shares: the line, the buyer, where they return, and metadata leading back to the order. */
const createSession = async (
  input: StripeCheckoutInput | StripeSubscriptionCheckoutInput,
  mode: { mode: 'payment'; recurring?: undefined; extra: Record<string, unknown> } | { mode: 'subscription'; recurring: { interval: 'month' | 'year' }; extra: Record<string, unknown> },
  metadata: Record<string, string>,
): Promise<{ id: string; url: string }> => {
  const session = await stripeClient().checkout.sessions.create(
    {
      mode: mode.mode,
      line_items: [{ quantity: input.quantity, price_data: { currency: input.currency.toLowerCase(), unit_amount: input.unitAmount, ...(mode.recurring ? { recurring: mode.recurring } : {}), product_data: { name: input.productName } } }],
      customer_email: input.customerEmail,
      client_reference_id: input.reference,
      metadata,
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      expires_at: Math.floor(input.expiresAt.getTime() / 1000),
      ...mode.extra,
    },
    { idempotencyKey: input.idempotencyKey },
  )
  if (!session.url) {
    throw new Error('Stripe answered a checkout session without a URL.')
  }
  return { id: session.id, url: session.url }
}

const orderMetadata = (input: { orderId: number; reference: string; tenant: number }): Record<string, string> => ({ order: String(input.orderId), reference: input.reference, tenant: String(input.tenant) })

/** A Checkout Session in payment mode for one order; its metadata leads webhooks back to the order. */
export const createStripeCheckout = async (input: StripeCheckoutInput): Promise<{ id: string; url: string }> => {
  const metadata = orderMetadata(input)
  const destination = input.destination ? { transfer_data: { destination: input.destination.account }, application_fee_amount: input.destination.applicationFee } : {}
  return createSession(input, { mode: 'payment', extra: { payment_intent_data: { metadata, ...destination } } }, metadata)
}

/** Money back on a payment intent; destination charges take it back from the school's account, fee included. */
export const refundStripePayment = async ({ paymentIntent, amount, idempotencyKey, destinationCharge, metadata }: { paymentIntent: string; amount: number; idempotencyKey: string; destinationCharge: boolean; metadata: Record<string, string> }): Promise<{ id: string; amount: number; status: string | null }> => {
  const refund = await stripeClient().refunds.create(
    { payment_intent: paymentIntent, amount, metadata, ...(destinationCharge ? { reverse_transfer: true, refund_application_fee: true } : {}) },
    { idempotencyKey },
  )
  return { id: refund.id, amount: refund.amount, status: refund.status }
}

export type StripeSubscriptionCheckoutInput = Omit<StripeCheckoutInput, 'destination' | 'expiresAt'> & {
  interval: 'month' | 'year'
  expiresAt: Date
  /** The school's connected account, paid directly, with the platform's fee in percent. */
  destination?: { account: string; feePercent: number }
  /** Copied onto the subscription, so its invoices and events lead back to it. */
  subscriptionMetadata: Record<string, string>
}

/** A Checkout Session in subscription mode: `quantity` seats at `unitAmount` per seat and period. */
export const createStripeSubscriptionCheckout = async (input: StripeSubscriptionCheckoutInput): Promise<{ id: string; url: string }> => {
  const metadata = orderMetadata(input)
  const destination = input.destination ? { transfer_data: { destination: input.destination.account }, application_fee_percent: input.destination.feePercent } : {}
  return createSession(input, { mode: 'subscription', recurring: { interval: input.interval }, extra: { subscription_data: { metadata: { ...input.subscriptionMetadata, ...metadata }, ...destination } } }, metadata)
}
