import { randomBytes } from 'node:crypto'

import type Stripe from 'stripe'

/**
 * Stripe's objects as its API answers them, typed by the SDK's own declarations (stripe 23.2.0,
 * API 2026-11-18.endive) so that a missing or misnamed field fails the type check. Only where
 * the wire differs from what the SDK hands its caller do the types here differ: decimal amounts
 * travel as strings (`"2500"`) and the SDK turns them into its Decimal after reading.
 */
export const API_VERSION = '2026-11-18.endive'

type WireDecimals<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | null }

export type PriceObject = WireDecimals<Stripe.Price, 'unit_amount_decimal'>
export type PlanObject = WireDecimals<Stripe.Plan, 'amount_decimal'>
export type LineItemObject = Omit<Stripe.LineItem, 'price'> & { price: PriceObject }
export type CheckoutSessionObject = Omit<Stripe.Checkout.Session, 'line_items'>
export type PaymentIntentObject = Stripe.PaymentIntent
export type ChargeObject = Stripe.Charge
export type RefundObject = Stripe.Refund
export type CustomerObject = Stripe.Customer
export type SubscriptionItemObject = Omit<Stripe.SubscriptionItem, 'price' | 'plan'> & { price: PriceObject; plan: PlanObject }
export type SubscriptionObject = Omit<Stripe.Subscription, 'items'> & { items: Stripe.ApiList<SubscriptionItemObject> }
type LinePricing = { price_details: { price: string; product: string }; type: 'price_details'; unit_amount_decimal: string | null }
export type InvoiceLineObject = Omit<Stripe.InvoiceLineItem, 'pricing' | 'quantity_decimal'> & { pricing: LinePricing; quantity_decimal: string | null }
export type InvoiceObject = Omit<Stripe.Invoice, 'lines'> & { lines: Stripe.ApiList<InvoiceLineObject> }
export type EventObject = {
  id: string
  object: 'event'
  account?: string
  api_version: string
  created: number
  data: { object: object; previous_attributes?: Record<string, unknown> }
  livemode: false
  pending_webhooks: number
  request: { id: string | null; idempotency_key: string | null }
  type: string
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** An id as Stripe makes them: a prefix and random base62 (`pi_3Q…`, 24 characters after it; a Checkout Session's are longer). */
export const newId = (prefix: string, length = 24): string =>
  `${prefix}${[...randomBytes(length)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`

export const nowSeconds = (): number => Math.floor(Date.now() / 1000)

export const list = <T>(data: T[], url: string): Stripe.ApiList<T> => ({ object: 'list', data, has_more: false, url })

/** A line of a Checkout Session as the stand-in keeps it, read and checked from `line_items[n]`. */
export type LineInput = {
  name: string
  description: string | null
  product: string
  currency: string
  unitAmount: number
  quantity: number
  recurring: { interval: Stripe.Price.Recurring.Interval; interval_count: number } | null
  metadata: Record<string, string>
}

/** Checkout's `price_data` makes a Price (and its Product) for the session, inactive, as Stripe does. */
export const priceObject = (line: LineInput, created: number): PriceObject => ({
  id: newId('price_'),
  object: 'price',
  active: false,
  billing_scheme: 'per_unit',
  created,
  currency: line.currency,
  custom_unit_amount: null,
  livemode: false,
  lookup_key: null,
  metadata: {},
  nickname: null,
  product: line.product,
  recurring: line.recurring && { ...line.recurring, meter: null, trial_period_days: null, usage_type: 'licensed' },
  tax_behavior: 'unspecified',
  tiers_mode: null,
  transform_quantity: null,
  type: line.recurring ? 'recurring' : 'one_time',
  unit_amount: line.unitAmount,
  unit_amount_decimal: String(line.unitAmount),
})

export const planObject = (price: PriceObject): PlanObject => ({
  id: price.id,
  object: 'plan',
  active: price.active,
  amount: price.unit_amount,
  amount_decimal: price.unit_amount_decimal,
  billing_scheme: 'per_unit',
  created: price.created,
  currency: price.currency,
  interval: price.recurring?.interval ?? 'month',
  interval_count: price.recurring?.interval_count ?? 1,
  livemode: false,
  metadata: {},
  meter: null,
  nickname: null,
  product: price.product,
  tiers_mode: null,
  transform_usage: null,
  trial_period_days: null,
  usage_type: 'licensed',
})

export const lineItemObject = (line: LineInput, price: PriceObject): LineItemObject => ({
  id: newId('li_'),
  object: 'item',
  adjustable_quantity: null,
  amount_discount: 0,
  amount_subtotal: line.unitAmount * line.quantity,
  amount_tax: 0,
  amount_total: line.unitAmount * line.quantity,
  currency: line.currency,
  description: line.name,
  metadata: line.metadata,
  price,
  quantity: line.quantity,
})

/** `start` moved on by `count` intervals, in UTC calendar terms for months and years as Stripe bills them. */
export const addInterval = (start: number, interval: string, count: number): number => {
  const date = new Date(start * 1000)
  if (interval === 'day' || interval === 'week') {
    return start + count * (interval === 'day' ? 86_400 : 604_800)
  }
  if (interval === 'month') {
    date.setUTCMonth(date.getUTCMonth() + count)
  } else {
    date.setUTCFullYear(date.getUTCFullYear() + count)
  }
  return Math.floor(date.getTime() / 1000)
}

export const checkoutSessionObject = (fields: {
  id: string
  mode: 'payment' | 'subscription'
  currency: string
  amount: number
  created: number
  expiresAt: number
  customer: string | null
  customerEmail: string | null
  clientReferenceId: string | null
  metadata: Record<string, string>
  successUrl: string
  cancelUrl: string | null
  url: string
}): CheckoutSessionObject => ({
  id: fields.id,
  object: 'checkout.session',
  adaptive_pricing: null,
  after_expiration: null,
  allow_promotion_codes: null,
  allowed_payment_method_types: null,
  amount_subtotal: fields.amount,
  amount_total: fields.amount,
  automatic_tax: { enabled: false, liability: null, provider: null, status: null },
  billing_address_collection: null,
  cancel_url: fields.cancelUrl,
  client_reference_id: fields.clientReferenceId,
  client_secret: null,
  collected_information: null,
  consent: null,
  consent_collection: null,
  created: fields.created,
  currency: fields.currency,
  currency_conversion: null,
  custom_fields: [],
  custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
  customer: fields.customer,
  customer_account: null,
  customer_creation: fields.mode === 'payment' && !fields.customer ? 'if_required' : null,
  customer_details: null,
  customer_email: fields.customerEmail,
  discounts: [],
  expires_at: fields.expiresAt,
  integration_identifier: null,
  invoice: null,
  invoice_creation: fields.mode === 'payment' ? { enabled: false, invoice_data: invoiceDataDefaults } : null,
  livemode: false,
  locale: null,
  managed_payments: null,
  metadata: fields.metadata,
  mode: fields.mode,
  origin_context: null,
  payment_intent: null,
  payment_link: null,
  payment_method_collection: fields.mode === 'subscription' ? 'always' : 'if_required',
  payment_method_configuration_details: null,
  payment_method_options: {},
  payment_method_types: ['card'],
  payment_status: 'unpaid',
  permissions: null,
  recovered_from: null,
  saved_payment_method_options: null,
  setup_intent: null,
  shipping_address_collection: null,
  shipping_cost: null,
  shipping_options: [],
  status: 'open',
  submit_type: null,
  subscription: null,
  success_url: fields.successUrl,
  total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
  ui_mode: 'hosted_page',
  url: fields.url,
  wallet_options: null,
})

const invoiceDataDefaults: Stripe.Checkout.Session.InvoiceCreation.InvoiceData = {
  account_tax_ids: null,
  custom_fields: null,
  description: null,
  footer: null,
  issuer: null,
  metadata: {},
  rendering_options: null,
}

/** What the buyer typed on the hosted page, as Checkout reports it once the session completes. */
export const customerDetails = (email: string | null): Stripe.Checkout.Session.CustomerDetails => ({
  address: { city: null, country: 'US', line1: null, line2: null, postal_code: '10001', state: null },
  business_name: null,
  email,
  individual_name: null,
  name: 'Test Buyer',
  phone: null,
  tax_exempt: 'none',
  tax_ids: [],
})

export const paymentIntentObject = (fields: {
  amount: number
  currency: string
  created: number
  customer: string | null
  description: string | null
  metadata: Record<string, string>
  receiptEmail: string | null
  applicationFeeAmount: number | null
  transferData: { destination: string; amount?: number } | null
  transferGroup: string | null
  onBehalfOf: string | null
}): PaymentIntentObject => ({
  id: newId('pi_'),
  object: 'payment_intent',
  allowed_payment_method_types: null,
  amount: fields.amount,
  amount_capturable: 0,
  amount_details: { tip: {} },
  amount_received: 0,
  application: null,
  application_fee_amount: fields.applicationFeeAmount,
  automatic_payment_methods: null,
  canceled_at: null,
  cancellation_reason: null,
  capture_method: 'automatic_async',
  client_secret: null,
  confirmation_method: 'automatic',
  created: fields.created,
  currency: fields.currency,
  customer: fields.customer,
  customer_account: null,
  description: fields.description,
  excluded_payment_method_types: null,
  last_payment_error: null,
  latest_charge: null,
  livemode: false,
  managed_payments: null,
  metadata: fields.metadata,
  next_action: null,
  on_behalf_of: fields.onBehalfOf,
  payment_method: null,
  payment_method_configuration_details: null,
  payment_method_options: {},
  payment_method_types: ['card'],
  payment_record: null,
  processing: null,
  receipt_email: fields.receiptEmail,
  review: null,
  setup_future_usage: null,
  shipping: null,
  source: null,
  statement_descriptor: null,
  statement_descriptor_suffix: null,
  status: 'requires_payment_method',
  transfer_data: fields.transferData,
  transfer_group: fields.transferGroup,
})

/**
 * The charge a successful PaymentIntent makes, paid by Stripe's test Visa 4242. No `refunds`
 * list: since API 2022-11-15 a charge carries it only when expanded, and webhook payloads are
 * never expanded; `amount_refunded` and `refunded` say how much went back.
 */
export const chargeObject = (intent: PaymentIntentObject, email: string | null): ChargeObject => ({
  id: newId('ch_'),
  object: 'charge',
  amount: intent.amount,
  amount_captured: intent.amount,
  amount_refunded: 0,
  application: null,
  application_fee: intent.application_fee_amount === null ? null : newId('fee_'),
  application_fee_amount: intent.application_fee_amount,
  balance_transaction: newId('txn_'),
  billing_details: { address: null, email, name: 'Test Buyer', phone: null, tax_id: null },
  calculated_statement_descriptor: 'AQOON',
  captured: true,
  created: nowSeconds(),
  currency: intent.currency,
  customer: typeof intent.customer === 'string' ? intent.customer : null,
  description: intent.description,
  disputed: false,
  failure_balance_transaction: null,
  failure_code: null,
  failure_message: null,
  fraud_details: {},
  livemode: false,
  metadata: intent.metadata,
  on_behalf_of: intent.on_behalf_of,
  outcome: {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'approved_by_network',
    reason: null,
    risk_level: 'normal',
    seller_message: 'Payment complete.',
    type: 'authorized',
  },
  paid: true,
  payment_intent: intent.id,
  payment_method: typeof intent.payment_method === 'string' ? intent.payment_method : null,
  payment_method_details: {
    card: {
      amount_authorized: intent.amount,
      authorization_code: '123456',
      brand: 'visa',
      checks: { address_line1_check: null, address_postal_code_check: 'pass', cvc_check: 'pass' },
      country: 'US',
      electronic_commerce_indicator: null,
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 3,
      fingerprint: 'standinfingerprint',
      funding: 'credit',
      installments: null,
      last4: '4242',
      mandate: null,
      network: 'visa',
      network_transaction_id: '000000000000000',
      regulated_status: 'unregulated',
      three_d_secure: null,
      transaction_link_id: null,
      wallet: null,
    },
    type: 'card',
  },
  receipt_email: intent.receipt_email,
  receipt_number: null,
  receipt_url: null,
  refunded: false,
  review: null,
  shipping: null,
  source: null,
  source_transfer: null,
  statement_descriptor: null,
  statement_descriptor_suffix: null,
  status: 'succeeded',
  transfer_data: intent.transfer_data ? { amount: intent.transfer_data.amount ?? null, destination: intent.transfer_data.destination } : null,
  transfer_group: intent.transfer_group,
})

export const refundObject = (fields: {
  amount: number
  charge: ChargeObject
  reason: Stripe.Refund.Reason | null
  metadata: Record<string, string>
}): RefundObject => ({
  id: newId('re_'),
  object: 'refund',
  amount: fields.amount,
  application: null,
  balance_transaction: newId('txn_'),
  charge: fields.charge.id,
  created: nowSeconds(),
  currency: fields.charge.currency,
  customer: fields.charge.customer,
  customer_account: null,
  destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
  metadata: fields.metadata,
  payment_intent: fields.charge.payment_intent,
  payment_method: fields.charge.payment_method,
  reason: fields.reason,
  receipt_number: null,
  source_transfer_reversal: null,
  status: 'succeeded',
  transfer_reversal: null,
})

export const customerObject = (email: string | null, created: number): CustomerObject => ({
  id: newId('cus_', 14),
  object: 'customer',
  address: null,
  balance: 0,
  created,
  currency: null,
  default_source: null,
  delinquent: false,
  description: null,
  email,
  invoice_prefix: newId('', 8).toUpperCase(),
  invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
  livemode: false,
  metadata: {},
  name: 'Test Buyer',
  next_invoice_sequence: 1,
  phone: null,
  preferred_locales: [],
  shipping: null,
  tax_exempt: 'none',
  test_clock: null,
})

export const subscriptionItemObject = (fields: { price: PriceObject; quantity: number; subscription: string; periodStart: number; periodEnd: number }): SubscriptionItemObject => ({
  id: newId('si_', 14),
  object: 'subscription_item',
  billing_thresholds: null,
  created: fields.periodStart,
  current_period_end: fields.periodEnd,
  current_period_start: fields.periodStart,
  current_trial: null,
  discounts: [],
  metadata: {},
  plan: planObject(fields.price),
  price: fields.price,
  quantity: fields.quantity,
  subscription: fields.subscription,
  tax_rates: [],
})

export const subscriptionObject = (fields: {
  id: string
  customer: string
  currency: string
  created: number
  metadata: Record<string, string>
  applicationFeePercent: number | null
  transferData: { destination: string; amount_percent: number | null } | null
  description: string | null
  items: SubscriptionItemObject[]
  onBehalfOf: string | null
}): SubscriptionObject => ({
  id: fields.id,
  object: 'subscription',
  application: null,
  application_fee_percent: fields.applicationFeePercent,
  automatic_tax: { disabled_reason: null, enabled: false, liability: null },
  billing_cycle_anchor: fields.created,
  billing_cycle_anchor_config: null,
  billing_mode: { flexible: { proration_discounts: 'included' }, type: 'flexible', updated_at: fields.created },
  billing_schedules: [],
  billing_thresholds: null,
  cancel_at: null,
  cancel_at_period_end: false,
  canceled_at: null,
  cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
  collection_method: 'charge_automatically',
  created: fields.created,
  currency: fields.currency,
  customer: fields.customer,
  customer_account: null,
  days_until_due: null,
  default_payment_method: newId('pm_'),
  default_source: null,
  default_tax_rates: [],
  description: fields.description,
  discounts: [],
  ended_at: null,
  invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
  items: list(fields.items, `/v1/subscription_items?subscription=${fields.id}`),
  latest_invoice: null,
  livemode: false,
  managed_payments: null,
  metadata: fields.metadata,
  next_pending_invoice_item_invoice: null,
  on_behalf_of: fields.onBehalfOf,
  pause_collection: null,
  payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
  pending_invoice_item_interval: null,
  pending_setup_intent: null,
  pending_update: null,
  schedule: null,
  start_date: fields.created,
  status: 'incomplete',
  test_clock: null,
  transfer_data: fields.transferData,
  trial_end: null,
  trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' } },
  trial_start: null,
})

/**
 * A subscription's invoice. Since API 2025-03-31 (basil) an invoice no longer has a top-level
 * `subscription` (nor `payment_intent`, `charge`, `paid`): the subscription that made it sits
 * under `parent.subscription_details.subscription`, with the subscription's metadata beside it,
 * and each line names it again under `parent.subscription_item_details` — as the SDK's
 * Invoice and InvoiceLineItem types for 2026-11-18 declare.
 */
export const invoiceObject = (fields: {
  subscription: SubscriptionObject
  customer: CustomerObject | undefined
  billingReason: 'subscription_create' | 'subscription_cycle'
  extraLines: LineInput[]
  paid: boolean
  created: number
  number: string
  /** The invoice's own period: its creation instant for the first one, the period just ended for a renewal. */
  period: { start: number; end: number }
}): InvoiceObject => {
  const id = newId('in_')
  const { subscription } = fields
  const lines: InvoiceLineObject[] = subscription.items.data.map((item) => {
    const amount = (item.price.unit_amount ?? 0) * (item.quantity ?? 1)
    return {
      id: newId('il_'),
      object: 'line_item',
      amount,
      currency: subscription.currency,
      description: `${item.quantity ?? 1} × ${item.price.product} (at ${item.price.unit_amount} / ${item.price.recurring?.interval})`,
      discount_amounts: [],
      discountable: true,
      discounts: [],
      invoice: id,
      livemode: false,
      metadata: {},
      parent: {
        invoice_item_details: null,
        subscription_item_details: { invoice_item: null, proration: false, proration_details: { credited_items: null }, subscription: subscription.id, subscription_item: item.id },
        type: 'subscription_item_details',
      },
      period: { end: item.current_period_end, start: item.current_period_start },
      pretax_credit_amounts: [],
      pricing: { price_details: { price: item.price.id, product: String(item.price.product) }, type: 'price_details', unit_amount_decimal: item.price.unit_amount_decimal },
      quantity: item.quantity ?? 1,
      quantity_decimal: String(item.quantity ?? 1),
      subscription: subscription.id,
      subtotal: amount,
      taxes: [],
    }
  })
  const extra = fields.extraLines.map((line): InvoiceLineObject => {
    const amount = line.unitAmount * line.quantity
    return {
      ...lines[0],
      id: newId('il_'),
      amount,
      description: line.name,
      parent: { invoice_item_details: null, subscription_item_details: null, type: 'invoice_item_details' },
      pricing: { price_details: { price: newId('price_'), product: line.product }, type: 'price_details', unit_amount_decimal: String(line.unitAmount) },
      quantity: line.quantity,
      quantity_decimal: String(line.quantity),
      subtotal: amount,
    }
  })
  const all = [...lines, ...extra]
  const total = all.reduce((sum, line) => sum + line.amount, 0)
  const customer = fields.customer
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Aqoon (stand-in)',
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: fields.paid ? total : 0,
    amount_remaining: fields.paid ? 0 : total,
    amount_shipping: 0,
    application: null,
    attempt_count: 1,
    attempted: true,
    auto_advance: !fields.paid,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: fields.billingReason,
    collection_method: 'charge_automatically',
    created: fields.created,
    currency: subscription.currency,
    custom_fields: null,
    customer: typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: fields.created,
    ending_balance: 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: `https://invoice.stripe.com/i/${id}`,
    invoice_pdf: `https://pay.stripe.com/invoice/${id}/pdf`,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: list(all, `/v1/invoices/${id}/lines`),
    livemode: false,
    metadata: {},
    next_payment_attempt: fields.paid ? null : fields.created + 3 * 86_400,
    number: fields.number,
    on_behalf_of: subscription.on_behalf_of,
    parent: {
      quote_details: null,
      subscription_details: { metadata: { ...subscription.metadata }, subscription: subscription.id },
      type: 'subscription_details',
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    // Each line carries the period it bills; the invoice's own period is the one before it.
    period_end: fields.period.end,
    period_start: fields.period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: fields.paid ? 'paid' : 'open',
    status_transitions: { finalized_at: fields.created, marked_uncollectible_at: null, paid_at: fields.paid ? fields.created : null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: fields.created,
  }
}
