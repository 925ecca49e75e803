import crypto from 'node:crypto'
import zlib from 'node:zlib'

import { signingKey } from './certificate'
import { debugId, now, paypalId, type Reply } from './wire'

/** One POST as it left the stand-in: a test can send it again, byte for byte, to play an attacker replaying it. */
export type WebhookTransmission = { url: string; headers: Record<string, string>; body: string }

/** A transmission and the receiver's answer (status 0 when it could not be reached). */
export type WebhookDelivery = WebhookTransmission & { status: number; answer: string; error?: string }

export type WebhookEvent = {
  id: string
  event_version: string
  create_time: string
  resource_type: string
  resource_version: string
  event_type: string
  summary: string
  resource: unknown
  links: { href: string; rel: string; method: string }[]
}

export type SendWebhookOptions = {
  /** The webhook id the signature covers: normally the receiving URL's registration (registerWebhook). */
  webhookId: string
  /** Deliveries of the same event, each a fresh transmission, as PayPal's retries are. */
  times?: number
  /** Signed with a key that is not PayPal's (under PayPal's cert URL): verification says FAILURE. */
  forge?: boolean
  /** Send an event sent before again (same id and body), as PayPal's retries and resends do; eventType and resource are then ignored. */
  replayOf?: string
}

const resourceType = (eventType: string): string => {
  if (eventType.startsWith('CHECKOUT.ORDER.')) {
    return 'checkout-order'
  }
  if (/^PAYMENT\.CAPTURE\.(REFUNDED|REVERSED)$/.test(eventType)) {
    return 'refund'
  }
  if (eventType.startsWith('PAYMENT.CAPTURE.')) {
    return 'capture'
  }
  return eventType.split('.')[1]?.toLowerCase() ?? 'unknown'
}

const summaryOf = (eventType: string, resource: unknown): string => {
  const amount = (resource as { amount?: { value?: string; currency_code?: string } } | undefined)?.amount
  const money = amount ? `${amount.value} ${amount.currency_code}` : 'an amount'
  switch (eventType) {
    case 'PAYMENT.CAPTURE.COMPLETED':
      return `Payment completed for ${money}`
    case 'PAYMENT.CAPTURE.REFUNDED':
      return `A ${money} capture payment was refunded`
    case 'PAYMENT.CAPTURE.DENIED':
      return `A ${money} capture payment was denied`
    case 'CHECKOUT.ORDER.APPROVED':
      return 'An order has been approved by buyer'
    case 'CHECKOUT.ORDER.COMPLETED':
      return 'Checkout Order Completed'
    default:
      return `Event ${eventType}`
  }
}

/** CRC-32 of the body as an unsigned decimal, the last part of what PayPal signs. */
const crc = (body: string): string => String(zlib.crc32(Buffer.from(body, 'utf8')) >>> 0)

const signedText = ({ transmissionId, transmissionTime, webhookId, body }: { transmissionId: string; transmissionTime: string; webhookId: string; body: string }) =>
  `${transmissionId}|${transmissionTime}|${webhookId}|${crc(body)}`

/**
 * PayPal's webhooks: registrations per account, real SHA256withRSA signatures over
 * `transmissionId|transmissionTime|webhookId|crc32(body)`, the certificate at the cert URL,
 * and the verify-webhook-signature endpoint checking all of it.
 */
export const createWebhooks = ({ base }: { base: string }) => {
  const paypalKey = signingKey('messageverificationcerts.paypal.com (stand-in)')
  const foreignKey = signingKey('messageverificationcerts.paypal.com (forged)')
  const certPath = `/v1/notifications/certs/CERT-360caa42-fca2a594-${crypto.randomBytes(4).toString('hex')}`
  const certUrl = `${base}${certPath}`
  const registrations = new Map<string, { clientId: string; url: string }>()
  const sent = new Map<string, { event: WebhookEvent; body: string }>()

  const register = (clientId: string, url: string): string => {
    const id = paypalId(17)
    registrations.set(id, { clientId, url })
    return id
  }

  const transmission = (url: string, body: string, webhookId: string, forge: boolean): WebhookTransmission => {
    const transmissionId = crypto.randomUUID()
    const transmissionTime = now()
    const key = forge ? foreignKey : paypalKey
    const signature = crypto.sign('sha256', Buffer.from(signedText({ transmissionId, transmissionTime, webhookId, body })), key.privateKey).toString('base64')
    return {
      url,
      body,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'PayPal/AUHD-214.0-58544488',
        'PAYPAL-AUTH-ALGO': 'SHA256withRSA',
        'PAYPAL-AUTH-VERSION': 'v2',
        'PAYPAL-CERT-URL': certUrl,
        'PAYPAL-TRANSMISSION-ID': transmissionId,
        'PAYPAL-TRANSMISSION-SIG': signature,
        'PAYPAL-TRANSMISSION-TIME': transmissionTime,
        'Correlation-Id': debugId(),
      },
    }
  }

  /** POSTs one transmission and waits for the receiver's answer. */
  const deliver = async (sending: WebhookTransmission): Promise<WebhookDelivery> => {
    try {
      const response = await fetch(sending.url, {
        method: 'POST',
        headers: sending.headers,
        body: sending.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(30_000),
      })
      return { ...sending, status: response.status, answer: await response.text() }
    } catch (error) {
      return { ...sending, status: 0, answer: '', error: String((error as Error).cause ?? error) }
    }
  }

  const send = async (url: string, eventType: string, resource: unknown, { webhookId, times = 1, forge = false, replayOf }: SendWebhookOptions) => {
    let message = replayOf ? sent.get(replayOf) : undefined
    if (replayOf && !message) {
      throw new Error(`No event ${replayOf} was sent by the PayPal stand-in`)
    }
    if (!message) {
      const id = `WH-${paypalId(19)}-${paypalId(17)}`
      const event: WebhookEvent = {
        id,
        event_version: '1.0',
        create_time: now(),
        resource_type: resourceType(eventType),
        resource_version: '2.0',
        event_type: eventType,
        summary: summaryOf(eventType, resource),
        resource,
        links: [
          { href: `${base}/v1/notifications/webhooks-events/${id}`, rel: 'self', method: 'GET' },
          { href: `${base}/v1/notifications/webhooks-events/${id}/resend`, rel: 'resend', method: 'POST' },
        ],
      }
      message = { event, body: JSON.stringify(event) }
      sent.set(id, message)
    }
    const deliveries: WebhookDelivery[] = []
    for (let i = 0; i < times; i++) {
      deliveries.push(await deliver(transmission(url, message.body, webhookId, forge)))
    }
    return { event: message.event, deliveries }
  }

  const validationError = (field: string, issue: string): Reply => {
    const id = debugId()
    return {
      status: 400,
      headers: { 'Paypal-Debug-Id': id },
      body: {
        name: 'VALIDATION_ERROR',
        message: 'Invalid data provided',
        debug_id: id,
        information_link: 'https://developer.paypal.com/docs/api/webhooks/v1/#error-VALIDATION_ERROR',
        details: [{ field, location: 'body', issue }],
        links: [],
      },
    }
  }

  /**
   * POST /v1/notifications/verify-webhook-signature for `clientId`'s account. Real PayPal checks
   * the CRC of the body it sent; this re-serialises `webhook_event`, which gives the same bytes
   * as long as the receiver passes the parsed event on untouched (key order kept).
   */
  const verify = (clientId: string, body: unknown): Reply => {
    if (!body || typeof body !== 'object') {
      return validationError('webhook_event', 'Required field cannot be blank')
    }
    const fields = body as Record<string, unknown>
    for (const field of ['auth_algo', 'cert_url', 'transmission_id', 'transmission_sig', 'transmission_time', 'webhook_id']) {
      if (typeof fields[field] !== 'string' || !fields[field]) {
        return validationError(field, 'Required field cannot be blank')
      }
    }
    if (!fields.webhook_event || typeof fields.webhook_event !== 'object') {
      return validationError('webhook_event', 'Required field cannot be blank')
    }
    const webhookId = fields.webhook_id as string
    if (!/^[a-zA-Z0-9]+$/.test(webhookId)) {
      return validationError('webhook_id', 'Invalid format')
    }
    const result = (ok: boolean): Reply => ({ status: 200, body: { verification_status: ok ? 'SUCCESS' : 'FAILURE' } })
    // Only this account's webhooks, only PayPal's algorithm, only PayPal's certificate.
    if (registrations.get(webhookId)?.clientId !== clientId || fields.auth_algo !== 'SHA256withRSA' || fields.cert_url !== certUrl) {
      return result(false)
    }
    const text = signedText({
      transmissionId: fields.transmission_id as string,
      transmissionTime: fields.transmission_time as string,
      webhookId,
      body: JSON.stringify(fields.webhook_event),
    })
    return result(crypto.verify('sha256', Buffer.from(text), paypalKey.publicKey, Buffer.from(fields.transmission_sig as string, 'base64')))
  }

  /** GET on the cert URL: the PEM certificate, as PayPal serves its own. */
  const certificate = (path: string): Reply | undefined =>
    path === certPath ? { status: 200, headers: { 'Content-Type': 'application/x-pem-file' }, text: paypalKey.certificatePem } : undefined

  return { register, send, verify, certificate, certUrl, certificatePem: paypalKey.certificatePem, registrations }
}
