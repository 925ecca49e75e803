import type Stripe from 'stripe'

import { invalidRequest, noSuch, StripeFault } from './errors'
import {
  addInterval,
  chargeObject,
  type ChargeObject,
  type CheckoutSessionObject,
  checkoutSessionObject,
  customerDetails,
  customerObject,
  type CustomerObject,
  type EventObject,
  invoiceObject,
  type InvoiceObject,
  type LineInput,
  type LineItemObject,
  lineItemObject,
  list,
  newId,
  nowSeconds,
  paymentIntentObject,
  type PaymentIntentObject,
  priceObject,
  refundObject,
  type RefundObject,
  subscriptionItemObject,
  subscriptionObject,
  type SubscriptionObject,
} from './objects'
import { makeEvent } from './webhooks'

/** `payment_intent_data` of a Checkout Session, read and checked. */
export type PaymentIntentData = {
  metadata: Record<string, string>
  description: string | null
  receiptEmail: string | null
  applicationFeeAmount: number | null
  transferData: { destination: string; amount?: number } | null
  transferGroup: string | null
  onBehalfOf: string | null
}

/** `subscription_data` of a Checkout Session, read and checked. */
export type SubscriptionData = {
  metadata: Record<string, string>
  description: string | null
  applicationFeePercent: number | null
  transferData: { destination: string; amount_percent: number | null } | null
  onBehalfOf: string | null
}

export type CheckoutInput = {
  mode: 'payment' | 'subscription'
  lines: LineInput[]
  currency: string
  customer: string | null
  customerEmail: string | null
  clientReferenceId: string | null
  metadata: Record<string, string>
  successUrl: string
  cancelUrl: string | null
  expiresAt: number | null
  paymentIntentData: PaymentIntentData | null
  subscriptionData: SubscriptionData | null
}

/** Who owns an object: the platform (no account) or a connected account (`Stripe-Account`). */
export type Owned<T> = { object: T; account?: string }
export type SessionRecord = Owned<CheckoutSessionObject> & { input: CheckoutInput; lineItems: LineItemObject[] }
export type RefundRecord = Owned<RefundObject> & { reverseTransfer: boolean; refundApplicationFee: boolean }

/** The API request an event came from, for the event's `request`. */
export type RequestContext = { id: string | null; idempotencyKey: string | null }

export type CancellationDetails = { comment: string | null; feedback: Stripe.Subscription.CancellationDetails.Feedback | null }

export type CheckoutOutcome = 'paid' | 'unpaid-then-succeeded' | 'unpaid-then-failed' | 'expired'

const formatAmount = (minor: number, currency: string): string => {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency })
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2))
}

/** Everything the stand-in has made, and the changes Stripe would make to it, each returning the events it causes. */
export const createLedger = ({ hostedPageUrl }: { hostedPageUrl: (sessionId: string) => string }) => {
  // The sessions as Stripe answers them (what tests read), and what the stand-in keeps beside each.
  const sessions = new Map<string, CheckoutSessionObject>()
  const sessionRecords = new Map<string, SessionRecord>()
  const paymentIntents = new Map<string, Owned<PaymentIntentObject>>()
  const charges = new Map<string, Owned<ChargeObject>>()
  const refunds = new Map<string, RefundRecord>()
  const subscriptions = new Map<string, Owned<SubscriptionObject>>()
  const invoices = new Map<string, Owned<InvoiceObject>>()
  const customers = new Map<string, Owned<CustomerObject>>()
  let invoiceNumber = 0

  /** An object of this account's, or Stripe's 404: another account's objects are not there for it. */
  const find = <T>(store: Map<string, Owned<T>>, objectName: string, id: string, account: string | undefined, param = 'id'): T => {
    const record = store.get(id)
    if (!record || record.account !== account) {
      throw noSuch(objectName, id, param)
    }
    return record.object
  }

  const event = (owner: { account?: string }, type: string, object: object, previousAttributes?: Record<string, unknown>, request?: RequestContext) =>
    makeEvent(type, object, { account: owner.account, previousAttributes, request })

  const createSession = (input: CheckoutInput, account: string | undefined): SessionRecord => {
    const created = nowSeconds()
    const id = newId('cs_test_', 58)
    const amount = input.lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0)
    const object = checkoutSessionObject({
      id,
      mode: input.mode,
      currency: input.currency,
      amount,
      created,
      expiresAt: input.expiresAt ?? created + 24 * 3600,
      customer: input.customer,
      customerEmail: input.customerEmail,
      clientReferenceId: input.clientReferenceId,
      metadata: input.metadata,
      successUrl: input.successUrl,
      cancelUrl: input.cancelUrl,
      url: hostedPageUrl(id),
    })
    const lineItems = input.lines.map((line) => lineItemObject(line, priceObject(line, created)))
    const record: SessionRecord = { object, account, input, lineItems }
    sessions.set(id, object)
    sessionRecords.set(id, record)
    return record
  }

  const succeed = (intent: PaymentIntentObject, owner: { account?: string }, email: string | null) => {
    const charge = chargeObject(intent, email)
    charges.set(charge.id, { object: charge, account: owner.account })
    intent.status = 'succeeded'
    intent.amount_received = intent.amount
    intent.latest_charge = charge.id
    intent.last_payment_error = null
  }

  const failIntent = (intent: PaymentIntentObject) => {
    intent.status = 'requires_payment_method'
    intent.last_payment_error = {
      code: 'payment_intent_payment_attempt_failed',
      doc_url: 'https://stripe.com/docs/error-codes/payment-intent-payment-attempt-failed',
      message: 'The payment failed.',
      type: 'invalid_request_error',
    }
  }

  const nextInvoiceNumber = (customer: CustomerObject | undefined) => `${customer?.invoice_prefix ?? 'STANDIN'}-${String(++invoiceNumber).padStart(4, '0')}`

  const paymentMode = (record: SessionRecord, async: boolean, outcome: CheckoutOutcome): EventObject[] => {
    const session = record.object
    const data = record.input.paymentIntentData
    const intent = paymentIntentObject({
      amount: session.amount_total ?? 0,
      currency: session.currency ?? 'usd',
      created: nowSeconds(),
      customer: typeof session.customer === 'string' ? session.customer : null,
      description: data?.description ?? null,
      metadata: data?.metadata ?? {},
      receiptEmail: data?.receiptEmail ?? null,
      applicationFeeAmount: data?.applicationFeeAmount ?? null,
      transferData: data?.transferData ?? null,
      transferGroup: data?.transferGroup ?? (data?.transferData ? `group_${newId('')}` : null),
      onBehalfOf: data?.onBehalfOf ?? null,
    })
    intent.payment_method = newId('pm_')
    paymentIntents.set(intent.id, { object: intent, account: record.account })
    session.payment_intent = intent.id
    if (async) {
      intent.status = 'processing'
      intent.processing = { card: {}, type: 'card' }
    } else {
      succeed(intent, record, session.customer_email)
      session.payment_status = 'paid'
    }
    const events = [event(record, 'checkout.session.completed', session)]
    if (outcome === 'unpaid-then-succeeded') {
      intent.processing = null
      succeed(intent, record, session.customer_email)
      session.payment_status = 'paid'
      events.push(event(record, 'checkout.session.async_payment_succeeded', session))
    } else if (outcome === 'unpaid-then-failed') {
      intent.processing = null
      failIntent(intent)
      events.push(event(record, 'checkout.session.async_payment_failed', session))
    }
    return events
  }

  const subscriptionMode = (record: SessionRecord, async: boolean, outcome: CheckoutOutcome): EventObject[] => {
    const session = record.object
    const data = record.input.subscriptionData
    const created = nowSeconds()
    let customer = typeof session.customer === 'string' ? customers.get(session.customer)?.object : undefined
    if (!customer) {
      customer = customerObject(session.customer_email, created)
      customers.set(customer.id, { object: customer, account: record.account })
    }
    session.customer = customer.id
    const id = newId('sub_')
    const items = record.lineItems
      .filter((item) => item.price.recurring)
      .map((item) => {
        const recurring = item.price.recurring!
        return subscriptionItemObject({
          price: item.price,
          quantity: item.quantity ?? 1,
          subscription: id,
          periodStart: created,
          periodEnd: addInterval(created, recurring.interval, recurring.interval_count),
        })
      })
    const subscription = subscriptionObject({
      id,
      customer: customer.id,
      currency: session.currency ?? 'usd',
      created,
      metadata: data?.metadata ?? {},
      applicationFeePercent: data?.applicationFeePercent ?? null,
      transferData: data?.transferData ?? null,
      description: data?.description ?? null,
      items,
      onBehalfOf: data?.onBehalfOf ?? null,
    })
    const invoice = invoiceObject({
      subscription,
      customer,
      billingReason: 'subscription_create',
      extraLines: record.input.lines.filter((line) => !line.recurring),
      paid: !async,
      created,
      number: nextInvoiceNumber(customer),
      period: { start: created, end: created },
    })
    subscription.latest_invoice = invoice.id
    subscription.status = async ? 'incomplete' : 'active'
    subscriptions.set(id, { object: subscription, account: record.account })
    invoices.set(invoice.id, { object: invoice, account: record.account })
    session.subscription = id
    session.invoice = invoice.id
    session.payment_status = async ? 'unpaid' : 'paid'
    const events = [event(record, 'checkout.session.completed', session), event(record, 'customer.subscription.created', subscription)]
    if (!async) {
      events.push(event(record, 'invoice.paid', invoice))
    } else if (outcome === 'unpaid-then-succeeded') {
      invoice.status = 'paid'
      invoice.amount_paid = invoice.amount_due
      invoice.amount_remaining = 0
      invoice.status_transitions.paid_at = nowSeconds()
      subscription.status = 'active'
      session.payment_status = 'paid'
      events.push(
        event(record, 'checkout.session.async_payment_succeeded', session),
        event(record, 'invoice.paid', invoice),
        event(record, 'customer.subscription.updated', subscription, { status: 'incomplete' }),
      )
    } else {
      events.push(event(record, 'checkout.session.async_payment_failed', session), event(record, 'invoice.payment_failed', invoice))
    }
    return events
  }

  /** The buyer finishing (or abandoning) the hosted page; the events Stripe would send, in order. */
  const completeCheckout = (sessionId: string, outcome: CheckoutOutcome = 'paid'): EventObject[] => {
    const record = sessionRecords.get(sessionId)
    if (!record) {
      throw new Error(`The Stripe stand-in has no Checkout Session ${sessionId}`)
    }
    const session = record.object
    if (session.status !== 'open') {
      throw new Error(`Checkout Session ${sessionId} is ${session.status}; only an open one can be completed or expired`)
    }
    if (outcome === 'expired') {
      session.status = 'expired'
      session.url = null
      return [event(record, 'checkout.session.expired', session)]
    }
    session.status = 'complete'
    session.customer_details = customerDetails(session.customer_email)
    const async = outcome !== 'paid'
    return session.mode === 'payment' ? paymentMode(record, async, outcome) : subscriptionMode(record, async, outcome)
  }

  const refund = (
    input: {
      paymentIntent: string | undefined
      charge: string | undefined
      amount: number | undefined
      reason: Stripe.Refund.Reason | null
      metadata: Record<string, string>
      reverseTransfer: boolean
      refundApplicationFee: boolean
    },
    account: string | undefined,
    request: RequestContext,
  ): { refund: RefundObject; events: EventObject[] } => {
    let charge: ChargeObject
    if (input.paymentIntent !== undefined) {
      const intent = find(paymentIntents, 'payment_intent', input.paymentIntent, account, 'payment_intent')
      if (intent.status !== 'succeeded' || typeof intent.latest_charge !== 'string') {
        throw invalidRequest(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, 'payment_intent')
      }
      charge = find(charges, 'charge', intent.latest_charge, account, 'charge')
    } else {
      charge = find(charges, 'charge', input.charge ?? '', account, 'charge')
    }
    const remaining = charge.amount - charge.amount_refunded
    if (remaining === 0) {
      throw new StripeFault(400, {
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        doc_url: 'https://stripe.com/docs/error-codes/charge-already-refunded',
        message: `Charge ${charge.id} has already been refunded.`,
      })
    }
    const amount = input.amount ?? remaining
    if (amount > remaining) {
      throw invalidRequest(
        `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
        'amount',
      )
    }
    const made = refundObject({ amount, charge, reason: input.reason, metadata: input.metadata })
    if (input.reverseTransfer && charge.transfer_data) {
      made.transfer_reversal = newId('trr_')
    }
    refunds.set(made.id, { object: made, account, reverseTransfer: input.reverseTransfer, refundApplicationFee: input.refundApplicationFee })
    const previous: Record<string, unknown> = { amount_refunded: charge.amount_refunded }
    charge.amount_refunded += amount
    if (charge.amount_refunded === charge.amount) {
      previous.refunded = false
      charge.refunded = true
    }
    const owner = { account }
    return { refund: made, events: [event(owner, 'charge.refunded', charge, previous, request), event(owner, 'refund.created', made, undefined, request)] }
  }

  const ownedSubscription = (id: string) => {
    const record = subscriptions.get(id)
    if (!record) {
      throw new Error(`The Stripe stand-in has no subscription ${id}`)
    }
    return record
  }

  const cancel = (record: Owned<SubscriptionObject>, request?: RequestContext, details?: CancellationDetails): EventObject[] => {
    const subscription = record.object
    const now = nowSeconds()
    subscription.status = 'canceled'
    subscription.canceled_at = now
    subscription.ended_at = now
    subscription.cancel_at_period_end = false
    subscription.cancellation_details = { comment: details?.comment ?? null, feedback: details?.feedback ?? null, feedback_option: null, reason: 'cancellation_requested' }
    return [event(record, 'customer.subscription.deleted', subscription, undefined, request)]
  }

  /** A new billing period: a paid invoice, or a failed one that leaves the subscription past due. */
  const renewSubscription = (id: string, { paid }: { paid: boolean }): EventObject[] => {
    const record = ownedSubscription(id)
    const subscription = record.object
    if (subscription.status === 'canceled') {
      throw new Error(`Subscription ${id} is canceled; it does not renew`)
    }
    if (subscription.cancel_at_period_end) {
      // Set to end with its period: the period ends and so does the subscription.
      return cancel(record)
    }
    const previous = { items: structuredClone(subscription.items), latest_invoice: subscription.latest_invoice, status: subscription.status }
    const ended = subscription.items.data[0]
    const period = { start: ended?.current_period_start ?? nowSeconds(), end: ended?.current_period_end ?? nowSeconds() }
    for (const item of subscription.items.data) {
      const recurring = item.price.recurring!
      item.current_period_start = item.current_period_end
      item.current_period_end = addInterval(item.current_period_start, recurring.interval, recurring.interval_count)
    }
    const customer = customers.get(String(subscription.customer))?.object
    const invoice = invoiceObject({
      subscription,
      customer,
      billingReason: 'subscription_cycle',
      extraLines: [],
      paid,
      created: nowSeconds(),
      number: nextInvoiceNumber(customer),
      period,
    })
    invoices.set(invoice.id, { object: invoice, account: record.account })
    subscription.latest_invoice = invoice.id
    subscription.status = paid ? 'active' : 'past_due'
    const { status, ...unchanged } = previous
    const previousAttributes = status === subscription.status ? unchanged : previous
    return [event(record, paid ? 'invoice.paid' : 'invoice.payment_failed', invoice), event(record, 'customer.subscription.updated', subscription, previousAttributes)]
  }

  const updateSubscription = (
    id: string,
    changes: { metadata?: Record<string, string>; cancelAtPeriodEnd?: boolean; items?: { id: string; quantity?: number; param: string }[] },
    account: string | undefined,
    request: RequestContext,
  ): { subscription: SubscriptionObject; events: EventObject[] } => {
    const subscription = find(subscriptions, 'subscription', id, account)
    if (subscription.status === 'canceled' && (changes.cancelAtPeriodEnd !== undefined || changes.items)) {
      throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.', undefined, 'invalid_canceled_subscription_fields')
    }
    const previous: Record<string, unknown> = {}
    if (changes.items) {
      const before = structuredClone(subscription.items)
      // Every item is found before any changes: a refused request changes nothing.
      const found = changes.items.map((change) => {
        const item = subscription.items.data.find((candidate) => candidate.id === change.id)
        if (!item) {
          throw noSuch('subscription_item', change.id, `${change.param}[id]`)
        }
        return { item, quantity: change.quantity }
      })
      for (const { item, quantity } of found) {
        if (quantity !== undefined && quantity !== item.quantity) {
          item.quantity = quantity
          previous.items = before
        }
      }
    }
    if (changes.cancelAtPeriodEnd !== undefined && changes.cancelAtPeriodEnd !== subscription.cancel_at_period_end) {
      previous.cancel_at_period_end = subscription.cancel_at_period_end
      previous.cancel_at = subscription.cancel_at
      subscription.cancel_at_period_end = changes.cancelAtPeriodEnd
      subscription.cancel_at = changes.cancelAtPeriodEnd ? (subscription.items.data[0]?.current_period_end ?? null) : null
    }
    if (changes.metadata) {
      // `metadata[key]=` removes a key; `metadata=` (an empty hash here) removes them all.
      const next = Object.keys(changes.metadata).length === 0 ? {} : { ...subscription.metadata }
      for (const [key, value] of Object.entries(changes.metadata)) {
        if (value === '') {
          delete next[key]
        } else {
          next[key] = value
        }
      }
      if (JSON.stringify(next) !== JSON.stringify(subscription.metadata)) {
        previous.metadata = subscription.metadata
        subscription.metadata = next
      }
    }
    const owner = { account }
    const events = Object.keys(previous).length > 0 ? [event(owner, 'customer.subscription.updated', subscription, previous, request)] : []
    return { subscription, events }
  }

  const cancelSubscription = (id: string, account: string | undefined, request: RequestContext, details?: CancellationDetails) => {
    const subscription = find(subscriptions, 'subscription', id, account)
    if (subscription.status === 'canceled') {
      throw invalidRequest(`This subscription (${id}) has already been canceled.`, 'subscription')
    }
    return { subscription, events: cancel(subscriptions.get(id)!, request, details) }
  }

  // What `expand[]` can reach, by id prefix.
  const byPrefix: [string, Map<string, Owned<object>>][] = [
    ['cs_', sessionRecords],
    ['pi_', paymentIntents],
    ['ch_', charges],
    ['re_', refunds],
    ['sub_', subscriptions],
    ['in_', invoices],
    ['cus_', customers],
  ]

  /** A copy of `object` with the `expand[]` paths replaced by the objects they name (`line_items` for a session). */
  const expand = (object: object, paths: string[], account: string | undefined): object => {
    const copy = structuredClone(object) as Record<string, unknown>
    for (const path of paths) {
      const [field, ...rest] = path.split('.')
      if (field === 'line_items' && copy.object === 'checkout.session') {
        copy.line_items = list(sessionRecords.get(String(copy.id))?.lineItems ?? [], `/v1/checkout/sessions/${copy.id}/line_items`)
        continue
      }
      const value = copy[field]
      if (value === null) {
        continue
      }
      const store = typeof value === 'string' ? byPrefix.find(([prefix]) => value.startsWith(prefix))?.[1] : undefined
      const target = typeof value === 'string' ? store?.get(value) : typeof value === 'object' ? { object: value, account } : undefined
      if (!target || target.account !== account) {
        throw invalidRequest(`This property cannot be expanded (${field}).`, 'expand')
      }
      copy[field] = rest.length > 0 ? expand(target.object, [rest.join('.')], account) : structuredClone(target.object)
    }
    return copy
  }

  return {
    sessions,
    sessionRecords,
    paymentIntents,
    charges,
    refunds,
    subscriptions,
    invoices,
    customers,
    find,
    /** Whatever object has this id, with the account it belongs to. */
    lookup: (id: string): (Owned<object> & Record<string, unknown>) | undefined => {
      const store = byPrefix.find(([prefix]) => id.startsWith(prefix))?.[1]
      return store?.get(id) as (Owned<object> & Record<string, unknown>) | undefined
    },
    expand,
    createSession,
    completeCheckout,
    refund,
    updateSubscription,
    cancelSubscription,
    renewSubscription,
    /** Cancel now, as the Dashboard or a dunning run would: `customer.subscription.deleted`. */
    cancelSubscriptionNow: (id: string): EventObject[] => {
      const record = ownedSubscription(id)
      if (record.object.status === 'canceled') {
        throw new Error(`Subscription ${id} is canceled already`)
      }
      return cancel(record)
    },
  }
}

export type Ledger = ReturnType<typeof createLedger>
