import type { PayloadRequest, Where } from 'payload'

import type { Order } from '@/payload-types'

import { createPayPalClient, type PayPalCapture, type PayPalClient, PayPalError } from '@/services/paypal'
import { settings } from '@/settings'
import { conflict, paymentRequired, unavailable } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { ORDERS } from '@/shared/slugs'

import type { Applied } from './providerEvents'

import { fromDecimalString, toDecimalString } from './money'
import { openSecret, paymentSettingsOf } from './schoolSecrets'
import { recordCharge, recordFailure, type Settled, settledOrder } from './settle'

/** The school's own PayPal account, or a conflict when it has none set up. */
export const payPalFor = async (req: PayloadRequest, tenant: number): Promise<{ client: PayPalClient; webhookId?: string }> => {
  const own = await paymentSettingsOf(req, tenant)
  const secret = own ? openSecret(own, 'paypalClientSecret') : undefined
  if (!own?.paypalClientId || !secret) {
    throw conflict('This school has no PayPal account set up.')
  }
  return { client: createPayPalClient({ baseUrl: settings.paypalApiBase, clientId: own.paypalClientId, clientSecret: secret }), webhookId: own.paypalWebhookId ?? undefined }
}

/** A PayPal order for ours (made once: the request id is the order's), and where the buyer approves it. */
export const startPayPal = async ({ req, order, title }: { req: PayloadRequest; order: Order; title: string }): Promise<{ redirectUrl: string }> => {
  if (order.paypal?.order && order.paypal.url) {
    return { redirectUrl: order.paypal.url }
  }
  const { client } = await payPalFor(req, relationId(order.tenant)!)
  try {
    const created = await client.createOrder({
      requestId: `aqoon-checkout-${order.reference}`,
      amount: { currency_code: order.currency, value: toDecimalString(order.total, order.currency) },
      reference: order.reference,
      description: title,
      returnUrl: `${settings.serverUrl}/api/orders/paypal/return`,
      cancelUrl: `${settings.serverUrl}/learn/orders/${order.reference}`,
    })
    await req.payload.update({ collection: ORDERS, id: order.id, data: { paypal: { order: created.id, url: created.approveUrl } }, depth: 0, overrideAccess: true, req })
    return { redirectUrl: created.approveUrl }
  } catch (error) {
    req.payload.logger.warn({ err: error, msg: `payments: PayPal refused or failed the checkout of order ${order.reference}` })
    await recordFailure({ req, orderId: order.id, reason: 'PayPal payment could not be started.' })
    throw unavailable('PayPal payments cannot be started right now. Try again in a few minutes.')
  }
}

/** A completed capture is money for the order; one still pending waits for PayPal's webhook. */
const settleCapture = async (req: PayloadRequest, order: Order, capture: PayPalCapture | undefined): Promise<Settled> => {
  if (!capture || capture.status !== 'COMPLETED') {
    return { order, outcome: `capture ${capture?.status ?? 'missing'}` }
  }
  const amount = fromDecimalString(capture.amount.value, capture.amount.currency_code)
  return settledOrder(req, await recordCharge({ req, orderId: order.id, provider: 'paypal', reference: capture.id, amount: amount ?? 0, currency: capture.amount.currency_code }))
}

/**
 * Takes the money of an approved PayPal order: when the buyer comes back from PayPal, when a
 * front end asks, or when PayPal reports the approval. The request id is the order's, so two of
 * these at once capture once; an order captured already is read back and settled from there.
 */
export const capturePayPal = async ({ req, order }: { req: PayloadRequest; order: Order }): Promise<Settled> => {
  if (!order.paypal?.order) {
    throw conflict('This order has no PayPal payment to capture.')
  }
  const { client } = await payPalFor(req, relationId(order.tenant)!)
  try {
    const captured = await client.captureOrder({ orderId: order.paypal.order, requestId: `aqoon-capture-${order.reference}` })
    return await settleCapture(req, order, captured.capture)
  } catch (error) {
    if (error instanceof PayPalError && error.issue === 'ORDER_ALREADY_CAPTURED') {
      return settleCapture(req, order, (await client.getOrder(order.paypal.order)).capture)
    }
    if (error instanceof PayPalError && error.issue === 'ORDER_NOT_APPROVED') {
      throw conflict('Approve the payment at PayPal first.')
    }
    if (error instanceof PayPalError && error.issue === 'INSTRUMENT_DECLINED') {
      throw paymentRequired('PayPal declined this way of paying. Choose another one at PayPal and try again.')
    }
    throw error
  }
}

/** Money back on a PayPal capture; returns PayPal's refund id. */
export const refundPayPalCapture = async ({ req, order, captureId, amount, requestId }: { req: PayloadRequest; order: Order; captureId: string; amount: number; requestId: string }): Promise<string> => {
  const { client } = await payPalFor(req, relationId(order.tenant)!)
  const refund = await client.refundCapture({ captureId, requestId, amount: { currency_code: order.currency, value: toDecimalString(amount, order.currency) } })
  return refund.id
}

type PayPalEvent = { id: string; event_type: string; resource?: Record<string, unknown> }

/** The order of ours in `tenant` that a PayPal resource is about: by our reference (custom_id) or PayPal's order id. */
const orderFor = async (req: PayloadRequest, tenant: number, resource: Record<string, unknown>): Promise<Order | undefined> => {
  const related = (resource.supplementary_data as { related_ids?: { order_id?: string } } | undefined)?.related_ids?.order_id
  const units = resource.purchase_units as { custom_id?: string }[] | undefined
  const reference = (resource.custom_id as string | undefined) ?? units?.[0]?.custom_id
  const paypalOrder = related ?? (resource.intent ? (resource.id as string) : undefined)
  const conditions: Where[] = [...(reference ? [{ reference: { equals: reference } }] : []), ...(paypalOrder ? [{ 'paypal.order': { equals: paypalOrder } }] : [])]
  if (conditions.length === 0) {
    return undefined
  }
  const found = await req.payload.find({ collection: ORDERS, where: { and: [{ tenant: { equals: tenant } }, { provider: { equals: 'paypal' } }, { or: conditions }] }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })
  return found.docs[0]
}

/** What a verified PayPal event means for the school's orders; each is applied once by its id. */
export const applyPayPalEvent = async (req: PayloadRequest, tenant: number, event: PayPalEvent): Promise<Applied> => {
  const resource = event.resource ?? {}
  const order = await orderFor(req, tenant, resource)
  if (!order) {
    return { status: 'ignored', outcome: `No order of this school matches ${event.event_type}.` }
  }
  switch (event.event_type) {
    case 'CHECKOUT.ORDER.APPROVED': {
      // The buyer may never come back from PayPal: the approval alone is enough to take the money.
      const settled = await capturePayPal({ req, order })
      return { status: 'applied', outcome: `order ${order.reference}: ${settled.outcome}` }
    }
    case 'PAYMENT.CAPTURE.COMPLETED': {
      const amount = resource.amount as { currency_code: string; value: string }
      const settled = await settleCapture(req, order, { id: resource.id as string, status: 'COMPLETED', amount })
      return { status: 'applied', outcome: `order ${order.reference}: ${settled.outcome}` }
    }
    case 'PAYMENT.CAPTURE.DENIED':
    case 'PAYMENT.CAPTURE.DECLINED': {
      const settled = await recordFailure({ req, orderId: order.id, reason: 'PayPal declined the payment.' })
      return { status: 'applied', outcome: `order ${order.reference}: ${settled.outcome}` }
    }
    default:
      return { status: 'ignored', outcome: `Nothing to do for ${event.event_type}.` }
  }
}
