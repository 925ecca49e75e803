import crypto from 'node:crypto'

import { checkMoney, escapeHtml, formatMoney, invalid, notFound, now, paypalId, type Reply, unprocessable } from './wire'

/** Who approves an order at the checkout page (or through `approve`). */
export type Payer = { payerId: string; email: string; givenName: string; surname: string; countryCode: string }

type CaptureStatus = 'COMPLETED' | 'PARTIALLY_REFUNDED' | 'REFUNDED'

type Capture = {
  id: string
  orderId: string
  clientId: string
  minor: number
  currency: string
  refundedMinor: number
  status: CaptureStatus
  customId?: string
  invoiceId?: string
  createTime: string
  updateTime: string
  refundIds: string[]
}

type Unit = {
  referenceId: string
  minor: number
  currency: string
  description?: string
  customId?: string
  invoiceId?: string
  softDescriptor?: string
  captures: Capture[]
}

type Order = {
  id: string
  clientId: string
  intent: 'CAPTURE' | 'AUTHORIZE'
  status: 'CREATED' | 'PAYER_ACTION_REQUIRED' | 'APPROVED' | 'COMPLETED'
  /** The status before approval: PAYER_ACTION_REQUIRED when a PayPal payment source was given, else CREATED. */
  awaiting: 'CREATED' | 'PAYER_ACTION_REQUIRED'
  paymentSource: boolean
  units: Unit[]
  returnUrl?: string
  cancelUrl?: string
  brandName?: string
  payer?: Payer
  createTime: string
  updateTime?: string
}

type Refund = {
  id: string
  captureId: string
  clientId: string
  minor: number
  currency: string
  note?: string
  invoiceId?: string
  customId?: string
  createTime: string
}

export type Merchant = { email: string; merchantId: string }

const LOCALE = /^[a-z]{2}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$/
const MISSING = 'A required field / parameter is missing.'

/** Checks an optional string field; undefined when fine. */
const checkText = (value: unknown, field: string, max: number): Reply | undefined => {
  if (value === undefined) {
    return undefined
  }
  if (typeof value !== 'string') {
    return invalid(field, 'INVALID_PARAMETER_SYNTAX', 'The value of a field does not conform to the expected format.')
  }
  if (value.length > max) {
    return invalid(field, 'INVALID_STRING_MAX_LENGTH', `The value of a field is too long (at most ${max} characters).`, value)
  }
  return undefined
}

const checkUrl = (value: unknown, field: string): Reply | undefined => {
  if (value === undefined) {
    return undefined
  }
  if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    return invalid(field, 'INVALID_PARAMETER_SYNTAX', 'The value of a field does not conform to the expected format.', value)
  }
  return checkText(value, field, 4000)
}

const checkChoice = (value: unknown, field: string, choices: string[]): Reply | undefined =>
  value === undefined || (typeof value === 'string' && choices.includes(value))
    ? undefined
    : invalid(field, 'INVALID_PARAMETER_VALUE', 'The value of a field is invalid.', value)

type Experience = { returnUrl?: string; cancelUrl?: string; brandName?: string }

/** payment_source.paypal.experience_context, or the older application_context: the same fields, checked the same way. */
const checkExperience = (context: unknown, at: string): { experience: Experience } | { refusal: Reply } => {
  if (context === undefined) {
    return { experience: {} }
  }
  if (!context || typeof context !== 'object') {
    return { refusal: invalid(at, 'INVALID_PARAMETER_SYNTAX', 'The value of a field does not conform to the expected format.') }
  }
  const fields = context as Record<string, unknown>
  const refusal =
    checkUrl(fields.return_url, `${at}/return_url`) ??
    checkUrl(fields.cancel_url, `${at}/cancel_url`) ??
    checkText(fields.brand_name, `${at}/brand_name`, 127) ??
    checkChoice(fields.user_action, `${at}/user_action`, ['CONTINUE', 'PAY_NOW']) ??
    checkChoice(fields.shipping_preference, `${at}/shipping_preference`, ['GET_FROM_FILE', 'NO_SHIPPING', 'SET_PROVIDED_ADDRESS']) ??
    checkChoice(fields.landing_page, `${at}/landing_page`, ['LOGIN', 'GUEST_CHECKOUT', 'NO_PREFERENCE', 'BILLING']) ??
    (fields.locale === undefined || (typeof fields.locale === 'string' && LOCALE.test(fields.locale))
      ? undefined
      : invalid(`${at}/locale`, 'INVALID_PARAMETER_SYNTAX', 'The value of a field does not conform to the expected format.', fields.locale))
  if (refusal) {
    return { refusal }
  }
  return {
    experience: {
      returnUrl: fields.return_url as string | undefined,
      cancelUrl: fields.cancel_url as string | undefined,
      brandName: fields.brand_name as string | undefined,
    },
  }
}

/**
 * Orders, captures and refunds, each belonging to the account (client id) that made it; asking
 * for another account's answers 404 as PayPal does. Every route returns PayPal's JSON shapes.
 */
export const createLedger = ({ base, merchant }: { base: string; merchant: (clientId: string) => Merchant }) => {
  const orders = new Map<string, Order>()
  const captures = new Map<string, Capture>()
  const refunds = new Map<string, Refund>()
  let declineNext = false
  let payerCount = 0

  const checkoutUrl = (order: Order) => `${base}/checkoutnow?token=${order.id}`
  const orderUrl = (id: string) => `${base}/v2/checkout/orders/${id}`

  const captureJson = (capture: Capture) => {
    const gross = formatMoney(capture.minor, capture.currency)
    // Fees are illustrative: 3.49 % of the amount.
    const fee = Math.round(capture.minor * 0.0349)
    return {
      id: capture.id,
      status: capture.status,
      amount: gross,
      final_capture: true,
      seller_protection: { status: 'ELIGIBLE', dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'] },
      seller_receivable_breakdown: {
        gross_amount: gross,
        paypal_fee: formatMoney(fee, capture.currency),
        net_amount: formatMoney(capture.minor - fee, capture.currency),
      },
      custom_id: capture.customId,
      invoice_id: capture.invoiceId,
      supplementary_data: { related_ids: { order_id: capture.orderId } },
      links: [
        { href: `${base}/v2/payments/captures/${capture.id}`, rel: 'self', method: 'GET' },
        { href: `${base}/v2/payments/captures/${capture.id}/refund`, rel: 'refund', method: 'POST' },
        { href: orderUrl(capture.orderId), rel: 'up', method: 'GET' },
      ],
      create_time: capture.createTime,
      update_time: capture.updateTime,
    }
  }

  const refundJson = (refund: Refund) => {
    const capture = captures.get(refund.captureId)
    const gross = formatMoney(refund.minor, refund.currency)
    return {
      id: refund.id,
      amount: gross,
      seller_payable_breakdown: {
        gross_amount: gross,
        paypal_fee: formatMoney(0, refund.currency),
        net_amount: gross,
        total_refunded_amount: formatMoney(capture?.refundedMinor ?? refund.minor, refund.currency),
      },
      invoice_id: refund.invoiceId,
      custom_id: refund.customId,
      status: 'COMPLETED',
      note_to_payer: refund.note,
      create_time: refund.createTime,
      update_time: refund.createTime,
      links: [
        { href: `${base}/v2/payments/refunds/${refund.id}`, rel: 'self', method: 'GET' },
        { href: `${base}/v2/payments/captures/${refund.captureId}`, rel: 'up', method: 'GET' },
      ],
    }
  }

  const links = (order: Order) => {
    const self = { href: orderUrl(order.id), rel: 'self', method: 'GET' }
    const update = { href: orderUrl(order.id), rel: 'update', method: 'PATCH' }
    const action = order.intent === 'CAPTURE' ? 'capture' : 'authorize'
    const settle = { href: `${orderUrl(order.id)}/${action}`, rel: action, method: 'POST' }
    switch (order.status) {
      case 'PAYER_ACTION_REQUIRED':
        return [self, { href: checkoutUrl(order), rel: 'payer-action', method: 'GET' }]
      case 'CREATED':
        return [self, { href: checkoutUrl(order), rel: 'approve', method: 'GET' }, update, settle]
      case 'APPROVED':
        return [self, update, settle]
      default:
        return [self]
    }
  }

  const payerJson = (payer: Payer) => ({
    name: { given_name: payer.givenName, surname: payer.surname },
    email_address: payer.email,
    payer_id: payer.payerId,
    address: { country_code: payer.countryCode },
  })

  const paymentSourceJson = (order: Order) =>
    order.payer
      ? {
          paypal: {
            email_address: order.payer.email,
            account_id: order.payer.payerId,
            account_status: 'VERIFIED',
            name: { given_name: order.payer.givenName, surname: order.payer.surname },
            address: { country_code: order.payer.countryCode },
          },
        }
      : order.paymentSource
        ? { paypal: {} }
        : undefined

  const orderJson = (order: Order) => {
    const payee = merchant(order.clientId)
    return {
      id: order.id,
      intent: order.intent,
      status: order.status,
      payment_source: paymentSourceJson(order),
      purchase_units: order.units.map((unit) => ({
        reference_id: unit.referenceId,
        amount: formatMoney(unit.minor, unit.currency),
        payee: { email_address: payee.email, merchant_id: payee.merchantId },
        description: unit.description,
        custom_id: unit.customId,
        invoice_id: unit.invoiceId,
        soft_descriptor: unit.softDescriptor,
        payments: unit.captures.length ? { captures: unit.captures.map(captureJson) } : undefined,
      })),
      payer: order.payer ? payerJson(order.payer) : undefined,
      create_time: order.createTime,
      update_time: order.updateTime,
      links: links(order),
    }
  }

  /** `Prefer: return=minimal` (PayPal's default) answers with less; the client always asks for the representation. */
  const wantsRepresentation = (prefer: string | undefined) => /return=representation/i.test(prefer ?? '')

  const ownOrder = (clientId: string, id: string): Order | undefined => {
    const order = orders.get(id)
    return order?.clientId === clientId ? order : undefined
  }

  const createOrder = (clientId: string, body: unknown, prefer: string | undefined): Reply => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return invalid('/intent', 'MISSING_REQUIRED_PARAMETER', MISSING)
    }
    const request = body as Record<string, unknown>
    if (request.intent === undefined) {
      return invalid('/intent', 'MISSING_REQUIRED_PARAMETER', MISSING)
    }
    if (request.intent !== 'CAPTURE' && request.intent !== 'AUTHORIZE') {
      return invalid('/intent', 'INVALID_PARAMETER_VALUE', 'The value of a field is invalid.', request.intent)
    }
    if (!Array.isArray(request.purchase_units) || request.purchase_units.length === 0) {
      return invalid('/purchase_units', 'MISSING_REQUIRED_PARAMETER', MISSING)
    }
    if (request.purchase_units.length > 10) {
      return invalid('/purchase_units', 'INVALID_ARRAY_MAX_ITEMS', 'The number of items in an array parameter is too large.')
    }
    const units: Unit[] = []
    for (const [index, raw] of request.purchase_units.entries()) {
      const at = `/purchase_units/${index}`
      if (!raw || typeof raw !== 'object') {
        return invalid(at, 'INVALID_PARAMETER_SYNTAX', 'The value of a field does not conform to the expected format.')
      }
      const unit = raw as Record<string, unknown>
      const refusal =
        checkText(unit.reference_id, `${at}/reference_id`, 256) ??
        checkText(unit.description, `${at}/description`, 127) ??
        checkText(unit.custom_id, `${at}/custom_id`, 255) ??
        checkText(unit.invoice_id, `${at}/invoice_id`, 127) ??
        checkText(unit.soft_descriptor, `${at}/soft_descriptor`, 22)
      if (refusal) {
        return refusal
      }
      const amount = checkMoney(unit.amount, `${at}/amount`)
      if ('refusal' in amount) {
        return amount.refusal
      }
      if (request.purchase_units.length > 1 && !unit.reference_id) {
        return unprocessable('REFERENCE_ID_REQUIRED', "'reference_id' is required for each 'purchase_unit' if multiple 'purchase_units' are provided.", {
          field: `${at}/reference_id`,
        })
      }
      const referenceId = (unit.reference_id as string | undefined) ?? 'default'
      if (units.some((other) => other.referenceId === referenceId)) {
        return unprocessable('DUPLICATE_REFERENCE_ID', "'reference_id' must be unique if multiple 'purchase_units' are provided.", { field: `${at}/reference_id` })
      }
      units.push({
        referenceId,
        minor: amount.minor,
        currency: amount.money.currency_code,
        description: unit.description as string | undefined,
        customId: unit.custom_id as string | undefined,
        invoiceId: unit.invoice_id as string | undefined,
        softDescriptor: unit.soft_descriptor as string | undefined,
        captures: [],
      })
    }
    const source = request.payment_source as Record<string, unknown> | undefined
    if (source !== undefined && (!source || typeof source !== 'object' || Object.keys(source).some((kind) => kind !== 'paypal'))) {
      return unprocessable('PAYMENT_SOURCE_NOT_SUPPORTED', 'The stand-in takes PayPal wallet payments only.', { field: '/payment_source' })
    }
    const paypal = source?.paypal as Record<string, unknown> | undefined
    const checked = source
      ? checkExperience(paypal?.experience_context, '/payment_source/paypal/experience_context')
      : checkExperience(request.application_context, '/application_context')
    if ('refusal' in checked) {
      return checked.refusal
    }
    // A PayPal payment source sends the payer to `payer-action`; without one the order waits at CREATED for `approve`.
    const awaiting = source ? 'PAYER_ACTION_REQUIRED' : 'CREATED'
    const order: Order = {
      id: paypalId(),
      clientId,
      intent: request.intent,
      status: awaiting,
      awaiting,
      paymentSource: Boolean(source),
      units,
      ...checked.experience,
      createTime: now(),
    }
    orders.set(order.id, order)
    const render = () =>
      wantsRepresentation(prefer) ? orderJson(order) : { id: order.id, status: order.status, payment_source: paymentSourceJson(order), links: links(order) }
    return { status: 201, body: render(), replay: render }
  }

  const getOrder = (clientId: string, id: string): Reply => {
    const order = ownOrder(clientId, id)
    return order ? { status: 200, body: orderJson(order) } : notFound()
  }

  const captureBody = (order: Order, prefer: string | undefined) =>
    wantsRepresentation(prefer)
      ? orderJson(order)
      : {
          id: order.id,
          status: order.status,
          payment_source: paymentSourceJson(order),
          purchase_units: order.units.map((unit) => ({ reference_id: unit.referenceId, payments: { captures: unit.captures.map(captureJson) } })),
          payer: order.payer ? payerJson(order.payer) : undefined,
          links: links(order),
        }

  const captureOrder = (clientId: string, id: string, prefer: string | undefined): Reply => {
    const order = ownOrder(clientId, id)
    if (!order) {
      return notFound()
    }
    if (order.intent !== 'CAPTURE') {
      return unprocessable(
        'ACTION_DOES_NOT_MATCH_INTENT',
        "Order was created with an intent to 'AUTHORIZE'. Please use v2/checkout/orders/order_id/authorize to complete the transaction or alternately Create an order with an intent of 'CAPTURE'.",
      )
    }
    if (order.status === 'COMPLETED') {
      return unprocessable('ORDER_ALREADY_CAPTURED', "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.")
    }
    if (order.status !== 'APPROVED') {
      return unprocessable(
        'ORDER_NOT_APPROVED',
        "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.",
      )
    }
    if (declineNext) {
      declineNext = false
      // The payer has to choose another funding source: the order waits for approval again.
      order.status = order.awaiting
      order.payer = undefined
      order.updateTime = now()
      return unprocessable('INSTRUMENT_DECLINED', "The instrument presented  was either declined by the processor or bank, or it can't be used for this payment.", {
        links: [{ href: checkoutUrl(order), rel: 'redirect', method: 'GET' }],
      })
    }
    for (const unit of order.units) {
      const taken = unit.invoiceId && [...captures.values()].some((capture) => capture.clientId === clientId && capture.invoiceId === unit.invoiceId)
      if (taken) {
        return unprocessable(
          'DUPLICATE_INVOICE_ID',
          'Duplicate Invoice ID detected. To avoid a potential duplicate transaction your account setting requires that Invoice Id be unique for each transaction.',
        )
      }
    }
    const time = now()
    for (const unit of order.units) {
      const capture: Capture = {
        id: paypalId(),
        orderId: order.id,
        clientId,
        minor: unit.minor,
        currency: unit.currency,
        refundedMinor: 0,
        status: 'COMPLETED',
        customId: unit.customId,
        invoiceId: unit.invoiceId,
        createTime: time,
        updateTime: time,
        refundIds: [],
      }
      captures.set(capture.id, capture)
      unit.captures.push(capture)
    }
    order.status = 'COMPLETED'
    order.updateTime = time
    const render = () => captureBody(order, prefer)
    return { status: 201, body: render(), replay: render }
  }

  const getCapture = (clientId: string, id: string): Reply => {
    const capture = captures.get(id)
    return capture?.clientId === clientId ? { status: 200, body: captureJson(capture) } : notFound('payments/v2')
  }

  const refundCapture = (clientId: string, id: string, body: unknown, prefer: string | undefined): Reply => {
    const capture = captures.get(id)
    if (capture?.clientId !== clientId) {
      return notFound('payments/v2')
    }
    const request = (body ?? {}) as Record<string, unknown>
    if (typeof request !== 'object' || Array.isArray(request)) {
      return invalid('/', 'MALFORMED_REQUEST_JSON', 'The request JSON is not well formed.')
    }
    const refusal = checkText(request.note_to_payer, '/note_to_payer', 255) ?? checkText(request.invoice_id, '/invoice_id', 127)
    if (refusal) {
      return refusal
    }
    const remaining = capture.minor - capture.refundedMinor
    let minor = remaining
    if (request.amount !== undefined) {
      const amount = checkMoney(request.amount, '/amount')
      if ('refusal' in amount) {
        return amount.refusal
      }
      if (amount.money.currency_code !== capture.currency) {
        return unprocessable('CURRENCY_MISMATCH', 'The currency of the refund must be the same as the currency of the capture.', {
          field: '/amount/currency_code',
          api: 'payments/v2',
        })
      }
      minor = amount.minor
    }
    if (remaining === 0) {
      return unprocessable('CAPTURE_FULLY_REFUNDED', 'The capture has already been fully refunded', { api: 'payments/v2' })
    }
    if (minor > remaining) {
      return unprocessable('REFUND_AMOUNT_EXCEEDED', 'The refund amount must be less than or equal to the capture amount that has not yet been refunded.', {
        api: 'payments/v2',
      })
    }
    const refund: Refund = {
      id: paypalId(),
      captureId: capture.id,
      clientId,
      minor,
      currency: capture.currency,
      note: request.note_to_payer as string | undefined,
      invoiceId: (request.invoice_id as string | undefined) ?? capture.invoiceId,
      customId: capture.customId,
      createTime: now(),
    }
    refunds.set(refund.id, refund)
    capture.refundedMinor += minor
    capture.refundIds.push(refund.id)
    capture.status = capture.refundedMinor === capture.minor ? 'REFUNDED' : 'PARTIALLY_REFUNDED'
    capture.updateTime = refund.createTime
    const render = () => (wantsRepresentation(prefer) ? refundJson(refund) : { id: refund.id, status: 'COMPLETED', links: refundJson(refund).links })
    return { status: 201, body: render(), replay: render }
  }

  const getRefund = (clientId: string, id: string): Reply => {
    const refund = refunds.get(id)
    return refund?.clientId === clientId ? { status: 200, body: refundJson(refund) } : notFound('payments/v2')
  }

  /** The payer approves: the order is APPROVED with their details; answers where PayPal sends the browser (return_url with token and PayerID). */
  const approve = (orderId: string, payer: Partial<Payer> = {}): string | undefined => {
    const order = orders.get(orderId)
    if (!order) {
      throw new Error(`No order ${orderId} at the PayPal stand-in`)
    }
    if (order.status !== 'CREATED' && order.status !== 'PAYER_ACTION_REQUIRED') {
      throw new Error(`Order ${orderId} is ${order.status}: there is nothing to approve`)
    }
    payerCount += 1
    order.payer = {
      payerId: payer.payerId ?? paypalId(13),
      email: payer.email ?? `buyer-${payerCount}@example.com`,
      givenName: payer.givenName ?? 'Test',
      surname: payer.surname ?? `Buyer ${payerCount}`,
      countryCode: payer.countryCode ?? 'US',
    }
    order.status = 'APPROVED'
    order.updateTime = now()
    if (!order.returnUrl) {
      return undefined
    }
    const back = new URL(order.returnUrl)
    back.searchParams.set('token', order.id)
    back.searchParams.set('PayerID', order.payer.payerId)
    return back.href
  }

  /** Where the browser goes when the payer cancels: cancel_url with the token. The order itself stays as it was, as at PayPal. */
  const cancel = (orderId: string): string | undefined => {
    const order = orders.get(orderId)
    if (!order?.cancelUrl) {
      return undefined
    }
    const back = new URL(order.cancelUrl)
    back.searchParams.set('token', order.id)
    return back.href
  }

  const page = (status: number, title: string, body: string): Reply => ({
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    text: [
      '<!doctype html>',
      `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>`,
      `<h1>${escapeHtml(title)}</h1>`,
      body,
      '</body></html>',
      '',
    ].join('\n'),
  })

  /** The payer's side: what PayPal's hosted checkout shows, reduced to the two buttons. */
  const checkoutPage = (token: string): Reply => {
    const order = orders.get(token)
    if (!order) {
      return page(404, 'PayPal Checkout', '<p>This payment session was not found.</p>')
    }
    if (order.status !== 'CREATED' && order.status !== 'PAYER_ACTION_REQUIRED') {
      return page(409, 'PayPal Checkout', `<p>This order is ${escapeHtml(order.status)}.</p>`)
    }
    const hidden = `<input type="hidden" name="token" value="${escapeHtml(order.id)}">`
    const lines = order.units
      .map((unit) => {
        const amount = formatMoney(unit.minor, unit.currency)
        return `<li>${escapeHtml(unit.description ?? unit.referenceId)}: ${escapeHtml(`${amount.value} ${amount.currency_code}`)}</li>`
      })
      .join('')
    return page(
      200,
      `Pay ${order.brandName ?? merchant(order.clientId).email} with PayPal`,
      [
        `<ul>${lines}</ul>`,
        `<form method="post" action="/checkoutnow/approve">${hidden}<button type="submit">Approve</button></form>`,
        `<form method="post" action="/checkoutnow/cancel">${hidden}<button type="submit">Cancel</button></form>`,
      ].join('\n'),
    )
  }

  const checkoutAction = (action: 'approve' | 'cancel', token: string): Reply => {
    const order = orders.get(token)
    if (!order) {
      return page(404, 'PayPal Checkout', '<p>This payment session was not found.</p>')
    }
    if (action === 'cancel') {
      const back = cancel(token)
      return back ? { status: 303, headers: { Location: back }, text: '' } : page(200, 'Payment cancelled', '<p>You cancelled this payment.</p>')
    }
    if (order.status !== 'CREATED' && order.status !== 'PAYER_ACTION_REQUIRED') {
      return page(409, 'PayPal Checkout', `<p>This order is ${escapeHtml(order.status)}.</p>`)
    }
    const back = approve(token)
    return back ? { status: 303, headers: { Location: back }, text: '' } : page(200, 'Payment approved', '<p>You approved this payment.</p>')
  }

  const view = <T>(map: Map<string, T>, render: (item: T) => unknown) => (id: string) => {
    const item = map.get(id)
    if (!item) {
      throw new Error(`Nothing with id ${id} at the PayPal stand-in`)
    }
    return render(item) as Record<string, unknown>
  }

  return {
    createOrder,
    getOrder,
    captureOrder,
    getCapture,
    refundCapture,
    getRefund,
    approve,
    checkoutPage,
    checkoutAction,
    declineNextCapture: () => {
      declineNext = true
    },
    order: view(orders, orderJson),
    capture: view(captures, captureJson),
    refund: view(refunds, refundJson),
  }
}

/** A stable merchant id and email for an account, as the payee on its orders. */
export const merchantFor = (clientId: string): Merchant => {
  const digest = crypto.createHash('sha256').update(clientId).digest()
  const merchantId = Array.from(digest.subarray(0, 13), (byte) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[byte % 36]).join('')
  return { email: `merchant-${merchantId.toLowerCase()}@example.com`, merchantId }
}

export type Ledger = ReturnType<typeof createLedger>
