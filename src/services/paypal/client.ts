import { credentialsKey } from '@/services/oauth/credentialsKey'

import { errorFromAnswer, PayPalError } from './errors'
import { type Answer, send } from './http'
import { payPalTokens } from './token'
import type {
  CapturedOrder,
  CaptureWire,
  CreatedOrder,
  CreateOrderInput,
  OrderWire,
  PayPalCapture,
  PayPalClient,
  PayPalClientOptions,
  PayPalOrder,
  PayPalRefund,
  RefundInput,
  RefundWire,
  TokenWire,
  VerifyWebhookInput,
} from './types'
import { webhookFields } from './webhooks'

const DEFAULT_TIMEOUT_MS = 15_000
/** PayPal's limit for description, brand_name and invoice_id. */
const SHORT_TEXT = 127
/** PayPal's locale pattern: language, optional script, optional region. */
const LOCALE = /^[a-z]{2}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$/

const shorten = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)

const unexpected = (what: string, detail: string): PayPalError =>
  new PayPalError({ status: 0, name: 'UNEXPECTED_RESPONSE', message: `PayPal ${what} answered without ${detail}` })

const hasId = (body: unknown): body is { id: string; status: string } =>
  Boolean(body) && typeof (body as { id?: unknown }).id === 'string' && typeof (body as { status?: unknown }).status === 'string'

const approveLink = (order: OrderWire): string | undefined => order.links?.find((link) => link.rel === 'payer-action' || link.rel === 'approve')?.href

const captureOf = (capture: CaptureWire | undefined): PayPalCapture | undefined =>
  capture?.amount ? { id: capture.id, status: capture.status, amount: { currency_code: capture.amount.currency_code, value: capture.amount.value } } : undefined

const requireRequestId = (requestId: string) => {
  if (!requestId) {
    throw new TypeError('Every PayPal write needs a PayPal-Request-Id, so that a retry is not done twice.')
  }
}

const segment = (id: string): string => {
  if (!id) {
    throw new TypeError('A PayPal id is needed here.')
  }
  return encodeURIComponent(id)
}

/**
 * A PayPal REST client for one account (one school's credentials): Orders v2 (create, show,
 * capture), Payments v2 refunds, and webhook verification through PayPal's own endpoint.
 * The access token is cached per account across clients and renewed before it expires or
 * after PayPal refuses it. Every failure is a PayPalError; neither the secret nor the token
 * ever appears in one.
 */
export const createPayPalClient = ({ baseUrl, clientId, clientSecret, timeoutMs = DEFAULT_TIMEOUT_MS }: PayPalClientOptions): PayPalClient => {
  const base = baseUrl.replace(/\/+$/, '')
  const key = credentialsKey(base, clientId, clientSecret)

  const obtainToken = async () => {
    const what = 'token request'
    const answer = await send({
      url: `${base}/v1/oauth2/token`,
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
      signal: AbortSignal.timeout(timeoutMs),
      timeoutMs,
      what,
    })
    const body = (answer.body ?? {}) as TokenWire
    if (answer.status !== 200 || typeof body.access_token !== 'string') {
      throw answer.status === 200 ? unexpected(what, 'an access token') : errorFromAnswer(answer, what, [clientSecret])
    }
    return { accessToken: body.access_token, expiresInSeconds: typeof body.expires_in === 'number' ? body.expires_in : 0 }
  }

  /** One API call with a bearer token; a 401 drops the cached token and the call is made once more with a fresh one. */
  const call = async (method: 'GET' | 'POST', path: string, { body, requestId }: { body?: unknown; requestId?: string } = {}): Promise<unknown> => {
    const what = `${method} ${path}`
    const signal = AbortSignal.timeout(timeoutMs)
    const attempt = (token: string): Promise<Answer> =>
      send({
        url: `${base}${path}`,
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          // The full resource on writes: captures carry custom_id and amounts only then.
          Prefer: 'return=representation',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(requestId ? { 'PayPal-Request-Id': requestId } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        timeoutMs,
        what,
      })
    const { answer, token } = await payPalTokens.withAccessToken({ key, obtain: obtainToken, attempt })
    if (answer.status < 200 || answer.status >= 300) {
      throw errorFromAnswer(answer, what, [clientSecret, token])
    }
    return answer.body
  }

  const orderOf = (what: string, body: unknown): OrderWire => {
    if (!hasId(body)) {
      throw unexpected(what, 'an order id and status')
    }
    return body as OrderWire
  }

  const createOrder = async ({
    requestId,
    amount,
    reference,
    description,
    returnUrl,
    cancelUrl,
    invoiceId,
    brandName,
    locale,
  }: CreateOrderInput): Promise<CreatedOrder> => {
    requireRequestId(requestId)
    const path = '/v2/checkout/orders'
    const order = orderOf(
      `POST ${path}`,
      await call('POST', path, {
        requestId,
        body: {
          intent: 'CAPTURE',
          purchase_units: [
            {
              reference_id: reference,
              custom_id: reference,
              ...(invoiceId ? { invoice_id: invoiceId } : {}),
              description: shorten(description, SHORT_TEXT),
              amount: { currency_code: amount.currency_code, value: amount.value },
            },
          ],
          payment_source: {
            paypal: {
              experience_context: {
                return_url: returnUrl,
                cancel_url: cancelUrl,
                ...(brandName ? { brand_name: shorten(brandName, SHORT_TEXT) } : {}),
                ...(locale && LOCALE.test(locale) ? { locale } : {}),
                user_action: 'PAY_NOW',
                shipping_preference: 'NO_SHIPPING',
              },
            },
          },
        },
      }),
    )
    const approveUrl = approveLink(order)
    if (!approveUrl) {
      throw unexpected(`POST ${path}`, "a 'payer-action' or 'approve' link")
    }
    return { id: order.id, status: order.status, approveUrl }
  }

  const getOrder = async (id: string): Promise<PayPalOrder> => {
    const path = `/v2/checkout/orders/${segment(id)}`
    const order = orderOf(`GET ${path}`, await call('GET', path))
    const unit = order.purchase_units?.[0]
    return {
      id: order.id,
      status: order.status,
      intent: order.intent,
      referenceId: unit?.reference_id,
      customId: unit?.custom_id,
      invoiceId: unit?.invoice_id,
      amount: unit?.amount,
      approveUrl: approveLink(order),
      payerId: order.payer?.payer_id,
      capture: captureOf(unit?.payments?.captures?.[0]),
    }
  }

  const captureOrder = async ({ orderId, requestId }: { orderId: string; requestId: string }): Promise<CapturedOrder> => {
    requireRequestId(requestId)
    const path = `/v2/checkout/orders/${segment(orderId)}/capture`
    // An empty JSON object: PayPal refuses an empty body sent as JSON.
    const order = orderOf(`POST ${path}`, await call('POST', path, { requestId, body: {} }))
    const unit = order.purchase_units?.[0]
    const capture = unit?.payments?.captures?.[0]
    return {
      orderId: order.id,
      status: order.status,
      capture: captureOf(capture),
      referenceId: unit?.reference_id,
      customId: capture?.custom_id ?? unit?.custom_id,
    }
  }

  const refundCapture = async ({ captureId, requestId, amount, note }: RefundInput): Promise<PayPalRefund> => {
    requireRequestId(requestId)
    const path = `/v2/payments/captures/${segment(captureId)}/refund`
    const body = await call('POST', path, {
      requestId,
      body: {
        ...(amount ? { amount: { currency_code: amount.currency_code, value: amount.value } } : {}),
        ...(note ? { note_to_payer: shorten(note, 255) } : {}),
      },
    })
    if (!hasId(body)) {
      throw unexpected(`POST ${path}`, 'a refund id and status')
    }
    const refund = body as RefundWire
    return { id: refund.id, status: refund.status, amount: refund.amount }
  }

  const verifyWebhookSignature = async ({ headers, webhookId, event }: VerifyWebhookInput): Promise<boolean> => {
    const fields = webhookFields(headers)
    if (!fields || !webhookId || !event || typeof event !== 'object') {
      return false
    }
    try {
      const answer = await call('POST', '/v1/notifications/verify-webhook-signature', { body: { ...fields, webhook_id: webhookId, webhook_event: event } })
      return (answer as { verification_status?: unknown } | undefined)?.verification_status === 'SUCCESS'
    } catch (error) {
      // The headers are the sender's to choose: PayPal refusing them as malformed means "not verified".
      // Our own credentials failing, or PayPal being down, is ours to raise (PayPal will send again).
      if (error instanceof PayPalError && (error.status === 400 || error.status === 404 || error.status === 422)) {
        return false
      }
      throw error
    }
  }

  return { createOrder, getOrder, captureOrder, refundCapture, verifyWebhookSignature }
}
