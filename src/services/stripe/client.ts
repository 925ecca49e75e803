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

/** Which of our two webhook endpoints signed an event: the platform account's own, or the Connect endpoint's. */
export type StripeEndpoint = 'platform' | 'connect'

/**
 * A webhook event, verified against the raw body with the Connect endpoint's secret or the
 * platform endpoint's, with the endpoint whose secret signed it; throws Stripe's signature error
 * when neither did (or it is older than Stripe's five-minute tolerance).
 */
export const verifiedStripeEvent = (rawBody: string, signature: string): { event: Stripe.Event; endpoint: StripeEndpoint } => {
  const secrets = (
    [
      ['connect', settings.stripe.connectWebhookSecret],
      ['platform', settings.stripe.webhookSecret],
    ] as const
  ).filter((entry): entry is readonly [StripeEndpoint, string] => Boolean(entry[1]))
  if (secrets.length === 0) {
    throw new Error('STRIPE_WEBHOOK_SECRET is not set.')
  }
  let failure: unknown
  for (const [endpoint, secret] of secrets) {
    try {
      return { event: Stripe.webhooks.constructEvent(rawBody, signature, secret), endpoint }
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

/**
 * Stripe's answer to a request whose idempotency key another request is still using (409
 * `idempotency_key_in_use`), or used with other parameters: the work is another request's, not
 * a failure of this one.
 */
export const isIdempotencyClash = (error: unknown): boolean => {
  const fault = error as { type?: unknown; statusCode?: unknown; code?: unknown } | null
  return fault?.type === 'StripeIdempotencyError' || fault?.statusCode === 409 || fault?.code === 'idempotency_key_in_use'
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

/** What we keep of a connected account: whether it can be paid and paid out, and what Stripe still wants of it. */
export type StripeAccountState = {
  id: string
  chargesEnabled: boolean
  payoutsEnabled: boolean
  detailsSubmitted: boolean
  /** The requirement fields due now (or past due), as Stripe names them. */
  requirementsDue: string[]
  /** Why Stripe disabled the account, if it did (`requirements.past_due`, `under_review`…). */
  disabledReason: string | null
}

/** The state of an account object, as the API answers it and as `account.updated` carries it. */
export const stripeAccountStateOf = (account: Stripe.Account): StripeAccountState => ({
  id: account.id,
  chargesEnabled: account.charges_enabled,
  payoutsEnabled: account.payouts_enabled,
  detailsSubmitted: account.details_submitted,
  requirementsDue: [...new Set([...(account.requirements?.past_due ?? []), ...(account.requirements?.currently_due ?? [])])],
  disabledReason: account.requirements?.disabled_reason ?? null,
})

/**
 * A new Express account for a school: card payments and transfers requested (a destination
 * charge needs both), the school named in its metadata. The key is the caller's: one per school,
 * so a second request (a double click, a retry) is answered the same account.
 */
export const createStripeConnectAccount = async ({ idempotencyKey, country, email, metadata }: { idempotencyKey: string; country?: string; email?: string; metadata: Record<string, string> }): Promise<StripeAccountState> =>
  stripeAccountStateOf(
    await stripeClient().accounts.create(
      {
        type: 'express',
        ...(country ? { country } : {}),
        ...(email ? { email } : {}),
        capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
        metadata,
      },
      { idempotencyKey },
    ),
  )

/** A connected account as Stripe knows it now. */
export const retrieveStripeAccount = async (account: string): Promise<StripeAccountState> => stripeAccountStateOf(await stripeClient().accounts.retrieve(account))

/**
 * A single-use link to Stripe's hosted onboarding for the account, which sends the person back
 * to `returnUrl` when they leave it, or to `refreshUrl` when the link was used or expired.
 */
export const createStripeOnboardingLink = async ({ account, returnUrl, refreshUrl, idempotencyKey }: { account: string; returnUrl: string; refreshUrl: string; idempotencyKey: string }): Promise<{ url: string; expiresAt: Date }> => {
  const link = await stripeClient().accountLinks.create({ account, type: 'account_onboarding', return_url: returnUrl, refresh_url: refreshUrl }, { idempotencyKey })
  return { url: link.url, expiresAt: new Date(link.expires_at * 1000) }
}

/**
 * What Stripe refused in the school's own details (its country or email on a new account), in
 * Stripe's words; undefined for anything else (Stripe down, our key refused), whose message is
 * not the school's to read.
 */
export const schoolDetailRefused = (error: unknown): { field: 'country' | 'email'; message: string } | undefined => {
  if (!(error instanceof Stripe.errors.StripeInvalidRequestError) || (error.param !== 'country' && error.param !== 'email')) {
    return undefined
  }
  // Stripe's own words, without the request id the SDK puts before them.
  return { field: error.param, message: (error.raw as { message?: string }).message ?? error.message }
}
