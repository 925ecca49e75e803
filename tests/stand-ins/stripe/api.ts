import { child, invalidRequest, missingParam, noSuch, type Params, params } from './errors'
import type { FormValue } from './formBody'
import type { CheckoutInput, Ledger, PaymentIntentData, RequestContext, SubscriptionData } from './ledger'
import { type EventObject, type LineInput, newId, nowSeconds } from './objects'

/**
 * The parameter names each endpoint takes, copied from the SDK's params types (stripe 23.2.0):
 * Stripe answers any other name with `parameter_unknown`, and so does the stand-in.
 */
const KNOWN = {
  session: [
    'adaptive_pricing', 'after_expiration', 'allow_promotion_codes', 'allowed_payment_method_types', 'automatic_tax', 'billing_address_collection',
    'branding_settings', 'cancel_url', 'client_reference_id', 'consent_collection', 'currency', 'custom_fields', 'custom_text', 'customer', 'customer_account',
    'customer_creation', 'customer_email', 'customer_update', 'discounts', 'excluded_payment_method_types', 'expand', 'expires_at', 'integration_identifier',
    'invoice_creation', 'line_items', 'locale', 'managed_payments', 'metadata', 'mode', 'name_collection', 'optional_items', 'origin_context', 'payment_intent_data',
    'payment_method_collection', 'payment_method_configuration', 'payment_method_data', 'payment_method_options', 'permissions', 'phone_number_collection',
    'redirect_on_completion', 'return_url', 'saved_payment_method_options', 'setup_intent_data', 'shipping_address_collection', 'shipping_options', 'submit_type',
    'subscription_data', 'success_url', 'tax_id_collection', 'ui_mode', 'wallet_options',
  ],
  lineItem: ['adjustable_quantity', 'metadata', 'price', 'price_data', 'quantity', 'tax_rates'],
  priceData: ['currency', 'product', 'product_data', 'recurring', 'tax_behavior', 'unit_amount', 'unit_amount_decimal'],
  productData: ['description', 'images', 'metadata', 'name', 'tax_code', 'tax_details', 'unit_label'],
  recurring: ['interval', 'interval_count'],
  paymentIntentData: [
    'application_fee_amount', 'capture_method', 'description', 'metadata', 'on_behalf_of', 'receipt_email', 'setup_future_usage', 'shipping', 'statement_descriptor',
    'statement_descriptor_suffix', 'transfer_data', 'transfer_group',
  ],
  paymentTransferData: ['amount', 'destination'],
  subscriptionData: [
    'application_fee_percent', 'billing_cycle_anchor', 'billing_cycle_anchor_config', 'billing_mode', 'default_tax_rates', 'description', 'invoice_settings', 'metadata',
    'on_behalf_of', 'pending_invoice_item_interval', 'proration_behavior', 'transfer_data', 'trial_end', 'trial_period_days', 'trial_settings',
  ],
  subscriptionTransferData: ['amount_percent', 'destination'],
  refund: [
    'amount', 'charge', 'currency', 'customer', 'expand', 'instructions_email', 'metadata', 'origin', 'payment_intent', 'reason', 'refund_application_fee', 'reverse_transfer',
  ],
  subscriptionUpdate: [
    'add_invoice_items', 'application_fee_percent', 'automatic_tax', 'billing_cycle_anchor', 'billing_schedules', 'billing_thresholds', 'cancel_at', 'cancel_at_period_end',
    'cancellation_details', 'collection_method', 'days_until_due', 'default_payment_method', 'default_source', 'default_tax_rates', 'description', 'discounts', 'expand',
    'invoice_settings', 'items', 'metadata', 'off_session', 'on_behalf_of', 'pause_collection', 'payment_behavior', 'payment_settings', 'pending_invoice_item_interval',
    'proration_behavior', 'proration_date', 'transfer_data', 'trial_end', 'trial_from_plan', 'trial_settings',
  ],
  subscriptionItem: ['billing_thresholds', 'clear_usage', 'current_trial', 'deleted', 'discounts', 'id', 'metadata', 'plan', 'price', 'price_data', 'quantity', 'tax_rates'],
  subscriptionCancel: ['cancellation_details', 'expand', 'invoice_now', 'prorate'],
  cancellationDetails: ['comment', 'feedback'],
  retrieve: ['expand'],
} as const

/**
 * Parameters Stripe takes that would change amounts, states or events in ways the stand-in does
 * not compute: refused with a 400 naming them, rather than ignored into a wrong answer.
 * (Presentation-only ones, `locale` or `custom_text`, are taken and ignored.)
 */
const UNMODELLED = {
  session: ['automatic_tax', 'currency', 'discounts', 'invoice_creation', 'optional_items', 'redirect_on_completion', 'return_url', 'setup_intent_data', 'shipping_options', 'ui_mode'],
  lineItem: ['adjustable_quantity', 'tax_rates'],
  paymentIntentData: ['capture_method'],
  subscriptionData: ['billing_cycle_anchor', 'billing_cycle_anchor_config', 'default_tax_rates', 'pending_invoice_item_interval', 'trial_end', 'trial_period_days', 'trial_settings'],
  refund: ['currency', 'customer', 'origin'],
  subscriptionUpdate: KNOWN.subscriptionUpdate.filter((name) => !['cancel_at_period_end', 'expand', 'items', 'metadata', 'proration_behavior'].includes(name)),
  subscriptionItem: KNOWN.subscriptionItem.filter((name) => !['id', 'quantity'].includes(name)),
}

const refuseUnmodelled = (p: Params, names: readonly string[]) => {
  const found = names.find((name) => p.has(name))
  if (found !== undefined) {
    throw invalidRequest(`The Stripe stand-in does not model ${child(p.path, found)}; teach it (tests/stand-ins/stripe) before a test relies on it.`, child(p.path, found))
  }
}

/** Without the empty values: on creation, `metadata[key]=` just leaves the key out. */
const created = (metadata: Record<string, string> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(metadata ?? {}).filter(([, value]) => value !== ''))

const CURRENCIES = new Set(Intl.supportedValuesOf('currency').map((code) => code.toLowerCase()))

/** A URL parameter, checked as Stripe checks one: http or https. */
export const checkUrl = (p: Params, key: string): string | undefined => {
  const value = p.string(key)
  if (value === undefined) {
    return undefined
  }
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    throw invalidRequest('Not a valid URL', key, 'url_invalid')
  }
  return value
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

const readLine = (value: FormValue, index: number): LineInput => {
  const p = params(value, `line_items[${index}]`).onlyKnown(KNOWN.lineItem)
  refuseUnmodelled(p, UNMODELLED.lineItem)
  const price = p.string('price')
  if (price !== undefined) {
    // The stand-in has no Prices API, so no price id can name one.
    throw noSuch('price', price, child(p.path, 'price'))
  }
  const quantity = p.integer('quantity', { min: 1 })
  if (quantity === undefined) {
    throw missingParam(child(p.path, 'quantity'))
  }
  const data = p.nested('price_data')
  if (!data) {
    throw invalidRequest('You must specify either `price` or `price_data` for each line item.', child(p.path, 'price_data'))
  }
  data.onlyKnown(KNOWN.priceData)
  const currency = data.requiredString('currency').toLowerCase()
  if (!/^[a-z]{3}$/.test(currency) || !CURRENCIES.has(currency)) {
    throw invalidRequest(`Invalid currency: ${currency}. Stripe currently supports these currencies: usd, aed, afn, all, amd, ...`, child(data.path, 'currency'))
  }
  let unitAmount = data.integer('unit_amount', { min: 0 })
  const decimal = data.string('unit_amount_decimal')
  if (unitAmount !== undefined && decimal !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: unit_amount, unit_amount_decimal.', child(data.path, 'unit_amount_decimal'), 'parameters_exclusive')
  }
  if (decimal !== undefined) {
    if (!/^\d+$/.test(decimal)) {
      throw invalidRequest('The Stripe stand-in models whole minor units only; send `unit_amount`.', child(data.path, 'unit_amount_decimal'))
    }
    unitAmount = Number(decimal)
  }
  if (unitAmount === undefined) {
    throw missingParam(child(data.path, 'unit_amount'))
  }
  const productData = data.nested('product_data')
  const product = data.string('product')
  if (!productData && product === undefined) {
    throw invalidRequest('You must specify either `product` or `product_data` when creating a price.', child(data.path, 'product_data'))
  }
  productData?.onlyKnown(KNOWN.productData)
  const recurringParams = data.nested('recurring')?.onlyKnown(KNOWN.recurring)
  let recurring: LineInput['recurring'] = null
  if (recurringParams) {
    const interval = recurringParams.oneOf('interval', ['day', 'week', 'month', 'year'] as const)
    if (interval === undefined) {
      throw missingParam(child(recurringParams.path, 'interval'))
    }
    const count = recurringParams.integer('interval_count', { min: 1 }) ?? 1
    const days = { day: 1, week: 7, month: 31, year: 366 }[interval] * count
    if (days > 366) {
      throw invalidRequest('Invalid interval: maximum of one year interval allowed (1 year, 12 months, or 52 weeks).', child(recurringParams.path, 'interval_count'))
    }
    recurring = { interval, interval_count: count }
  }
  return {
    name: productData ? productData.requiredString('name') : String(product),
    description: productData?.string('description') ?? null,
    product: product ?? newId('prod_', 14),
    currency,
    unitAmount,
    quantity,
    recurring,
    metadata: created(p.metadata()),
  }
}

const connectRequired = (what: string) =>
  `Can only apply an ${what} when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using \`transfer_data[destination]\`).`

const readDestination = (p: Params, check: DestinationCheck): string => {
  const destination = p.requiredString('destination')
  if (!destination.startsWith('acct_')) {
    throw invalidRequest(`No such destination: '${destination}'`, child(p.path, 'destination'))
  }
  check(destination, child(p.path, 'destination'))
  return destination
}

const readPaymentIntentData = (p: Params, total: number, account: string | undefined, check: DestinationCheck): PaymentIntentData => {
  p.onlyKnown(KNOWN.paymentIntentData)
  refuseUnmodelled(p, UNMODELLED.paymentIntentData)
  const transfer = p.nested('transfer_data')?.onlyKnown(KNOWN.paymentTransferData)
  const transferData = transfer ? { destination: readDestination(transfer, check), amount: transfer.integer('amount', { min: 1 }) } : null
  if (transferData?.amount !== undefined && transferData.amount > total) {
    throw invalidRequest(`The transfer amount (${transferData.amount}) must be less than or equal to the total amount (${total}).`, child(transfer!.path, 'amount'))
  }
  const fee = p.integer('application_fee_amount', { min: 0 }) ?? null
  if (fee !== null && !account && !transferData) {
    throw invalidRequest(connectRequired('application_fee_amount'), child(p.path, 'application_fee_amount'))
  }
  if (fee !== null && fee > total) {
    throw invalidRequest(`The application fee amount (${fee}) must be less than or equal to the total amount (${total}).`, child(p.path, 'application_fee_amount'))
  }
  const receiptEmail = p.string('receipt_email') ?? null
  if (receiptEmail !== null && !EMAIL.test(receiptEmail)) {
    throw invalidRequest(`Invalid email address: ${receiptEmail}`, child(p.path, 'receipt_email'), 'email_invalid')
  }
  return {
    metadata: created(p.metadata()),
    description: p.string('description') ?? null,
    receiptEmail,
    applicationFeeAmount: fee,
    transferData: transferData && (transferData.amount === undefined ? { destination: transferData.destination } : { destination: transferData.destination, amount: transferData.amount }),
    transferGroup: p.string('transfer_group') ?? null,
    onBehalfOf: p.string('on_behalf_of') ?? null,
  }
}

const readSubscriptionData = (p: Params, account: string | undefined, check: DestinationCheck): SubscriptionData => {
  p.onlyKnown(KNOWN.subscriptionData)
  refuseUnmodelled(p, UNMODELLED.subscriptionData)
  const transfer = p.nested('transfer_data')?.onlyKnown(KNOWN.subscriptionTransferData)
  const transferData = transfer ? { destination: readDestination(transfer, check), amount_percent: transfer.number('amount_percent') ?? null } : null
  const percent = p.number('application_fee_percent') ?? null
  if (percent !== null && (percent < 0 || percent > 100)) {
    throw invalidRequest('application_fee_percent must be between 0 and 100.', child(p.path, 'application_fee_percent'))
  }
  if (percent !== null && !account && !transferData) {
    throw invalidRequest(connectRequired('application_fee_percent'), child(p.path, 'application_fee_percent'))
  }
  return {
    metadata: created(p.metadata()),
    description: p.string('description') ?? null,
    applicationFeePercent: percent,
    transferData,
    onBehalfOf: p.string('on_behalf_of') ?? null,
  }
}

const readCheckout = (p: Params, ledger: Ledger, account: string | undefined, check: DestinationCheck): CheckoutInput => {
  p.onlyKnown(KNOWN.session)
  refuseUnmodelled(p, UNMODELLED.session)
  const modeName = p.oneOf('mode', ['payment', 'setup', 'subscription'] as const)
  if (modeName === undefined) {
    throw missingParam('mode')
  }
  if (modeName === 'setup') {
    throw invalidRequest('The Stripe stand-in does not model `setup` mode.', 'mode')
  }
  const mode = modeName
  const successUrl = checkUrl(p, 'success_url')
  if (successUrl === undefined) {
    throw missingParam('success_url')
  }
  const cancelUrl = checkUrl(p, 'cancel_url') ?? null
  const lineValues = p.list('line_items')
  if (!lineValues || lineValues.length === 0) {
    throw missingParam('line_items')
  }
  const lines = lineValues.map(readLine)
  const currency = lines[0].currency
  if (lines.some((line) => line.currency !== currency)) {
    throw invalidRequest('All line items must use the same currency.', 'line_items')
  }
  const recurring = lines.filter((line) => line.recurring)
  if (mode === 'payment' && recurring.length > 0) {
    throw invalidRequest(
      'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
      `line_items[${lines.findIndex((line) => line.recurring)}][price_data][recurring]`,
    )
  }
  if (mode === 'subscription' && recurring.length === 0) {
    throw invalidRequest('You must provide at least one recurring price in `subscription` mode when using prices.', 'line_items')
  }
  const interval = (line: LineInput) => `${line.recurring?.interval_count} ${line.recurring?.interval}`
  if (recurring.some((line) => interval(line) !== interval(recurring[0]))) {
    throw invalidRequest('Checkout does not support multiple prices with different billing intervals.', 'line_items')
  }
  const total = lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0)
  const customerEmail = p.string('customer_email') ?? null
  if (customerEmail !== null && !EMAIL.test(customerEmail)) {
    throw invalidRequest(`Invalid email address: ${customerEmail}`, 'customer_email', 'email_invalid')
  }
  const customer = p.string('customer') ?? null
  if (customer !== null) {
    if (customerEmail !== null) {
      throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', 'customer_email', 'parameters_exclusive')
    }
    ledger.find(ledger.customers, 'customer', customer, account, 'customer')
  }
  const clientReferenceId = p.string('client_reference_id') ?? null
  if (clientReferenceId !== null && clientReferenceId.length > 200) {
    throw invalidRequest('client_reference_id must be at most 200 characters.', 'client_reference_id')
  }
  const expiresAt = p.integer('expires_at') ?? null
  const now = nowSeconds()
  if (expiresAt !== null && expiresAt < now + 30 * 60) {
    throw invalidRequest('The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', 'expires_at')
  }
  if (expiresAt !== null && expiresAt > now + 24 * 3600) {
    throw invalidRequest('The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', 'expires_at')
  }
  const pid = p.nested('payment_intent_data')
  if (pid && mode !== 'payment') {
    throw invalidRequest(`You can not pass \`payment_intent_data\` in \`${mode}\` mode.`, 'payment_intent_data')
  }
  const sd = p.nested('subscription_data')
  if (sd && mode !== 'subscription') {
    throw invalidRequest(`You can not pass \`subscription_data\` in \`${mode}\` mode.`, 'subscription_data')
  }
  return {
    mode,
    lines,
    currency,
    customer,
    customerEmail,
    clientReferenceId,
    metadata: created(p.metadata()),
    successUrl,
    cancelUrl,
    expiresAt,
    paymentIntentData: pid ? readPaymentIntentData(pid, total, account, check) : null,
    subscriptionData: sd ? readSubscriptionData(sd, account, check) : null,
  }
}

const expandPaths = (p: Params): string[] => (p.list('expand') ?? []).map((value) => (typeof value === 'string' ? value : ''))

export type ApiCall = {
  method: string
  path: string
  params: Params
  account: string | undefined
  request: RequestContext
}

/** What an endpoint answers, and the events its change causes (sent after the answer, as Stripe does). */
export type ApiAnswer = { body: object; events: EventObject[] }

export type Route = { method: string; pattern: RegExp; handle: (call: ApiCall, id: string) => ApiAnswer }

/** Judges a destination charge's account (`transfer_data[destination]`), by its param name; throws Stripe's refusal. */
export type DestinationCheck = (account: string, param: string) => void

const retrieve =
  <T extends object>(store: (ledger: Ledger) => Map<string, { object: T; account?: string }>, objectName: string, ledger: Ledger, param = 'id') =>
  (call: ApiCall, id: string): ApiAnswer => {
    call.params.onlyKnown(KNOWN.retrieve)
    const object = ledger.find(store(ledger), objectName, id, call.account, param)
    return { body: ledger.expand(object, expandPaths(call.params), call.account), events: [] }
  }

/**
 * The endpoints the stand-in serves, over one ledger, with `connect`'s routes (accounts, account
 * links) and its judgement of destination accounts.
 */
export const createApi = (ledger: Ledger, connect: { routes: Route[]; checkDestination: DestinationCheck }) => {
  const routes: Route[] = [
    ...connect.routes,
    {
      method: 'POST',
      pattern: /^\/v1\/checkout\/sessions$/,
      handle: (call) => {
        const record = ledger.createSession(readCheckout(call.params, ledger, call.account, connect.checkDestination), call.account)
        return { body: ledger.expand(record.object, expandPaths(call.params), call.account), events: [] }
      },
    },
    { method: 'GET', pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/, handle: retrieve((l) => l.sessionRecords, 'checkout.session', ledger, 'session') },
    { method: 'GET', pattern: /^\/v1\/payment_intents\/([^/]+)$/, handle: retrieve((l) => l.paymentIntents, 'payment_intent', ledger, 'intent') },
    { method: 'GET', pattern: /^\/v1\/subscriptions\/([^/]+)$/, handle: retrieve((l) => l.subscriptions, 'subscription', ledger) },
    { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)$/, handle: retrieve((l) => l.customers, 'customer', ledger) },
    {
      method: 'POST',
      pattern: /^\/v1\/refunds$/,
      handle: (call) => {
        const p = call.params.onlyKnown(KNOWN.refund)
        refuseUnmodelled(p, UNMODELLED.refund)
        const paymentIntent = p.string('payment_intent')
        const charge = p.string('charge')
        if (paymentIntent === undefined && charge === undefined) {
          throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', 'payment_intent')
        }
        if (paymentIntent !== undefined && charge !== undefined) {
          throw invalidRequest('You may only specify one of these parameters: charge, payment_intent.', 'charge', 'parameters_exclusive')
        }
        const { refund, events } = ledger.refund(
          {
            paymentIntent,
            charge,
            amount: p.integer('amount', { min: 1 }),
            reason: p.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null,
            metadata: created(p.metadata()),
            reverseTransfer: p.boolean('reverse_transfer') ?? false,
            refundApplicationFee: p.boolean('refund_application_fee') ?? false,
          },
          call.account,
          call.request,
        )
        return { body: ledger.expand(refund, expandPaths(p), call.account), events }
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/subscriptions\/([^/]+)$/,
      handle: (call, id) => {
        const p = call.params.onlyKnown(KNOWN.subscriptionUpdate)
        refuseUnmodelled(p, UNMODELLED.subscriptionUpdate)
        const items = p.list('items')?.map((value, index) => {
          const item = params(value, `items[${index}]`).onlyKnown(KNOWN.subscriptionItem)
          refuseUnmodelled(item, UNMODELLED.subscriptionItem)
          return { id: item.requiredString('id'), quantity: item.integer('quantity', { min: 0 }), param: item.path }
        })
        const { subscription, events } = ledger.updateSubscription(id, { metadata: p.metadata(), cancelAtPeriodEnd: p.boolean('cancel_at_period_end'), items }, call.account, call.request)
        return { body: ledger.expand(subscription, expandPaths(p), call.account), events }
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/v1\/subscriptions\/([^/]+)$/,
      handle: (call, id) => {
        const p = call.params.onlyKnown(KNOWN.subscriptionCancel)
        const details = p.nested('cancellation_details')?.onlyKnown(KNOWN.cancellationDetails)
        const feedback = details?.oneOf('feedback', ['customer_service', 'low_quality', 'missing_features', 'other', 'switched_service', 'too_complex', 'too_expensive', 'unused'] as const)
        const { subscription, events } = ledger.cancelSubscription(id, call.account, call.request, details && { comment: details.string('comment') ?? null, feedback: feedback ?? null })
        return { body: ledger.expand(subscription, expandPaths(p), call.account), events }
      },
    },
  ]

  return {
    /** The route for a method and path: `undefined` when Stripe would answer "Unrecognized request URL". */
    route: (method: string, path: string): ((call: ApiCall) => ApiAnswer) | undefined => {
      for (const route of routes) {
        const match = route.pattern.exec(path)
        if (match && route.method === method) {
          return (call) => route.handle(call, decodeURIComponent(match[1] ?? ''))
        }
      }
      return undefined
    },
  }
}
