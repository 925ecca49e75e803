import { X509Certificate } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createPayPalClient, type PayPalClient, PayPalError } from '@/services/paypal'

import { payPalTestAccount, type PayPalStandIn, type PayPalStandInAccount, startPayPalStandIn } from '../stand-ins/paypal'

const schoolA = payPalTestAccount()
const schoolB = payPalTestAccount()

let paypal: PayPalStandIn
let clientA: PayPalClient
let clientB: PayPalClient
let counter = 0

const requestId = (what: string) => `${what}-${Date.now()}-${++counter}`
const clientFor = (standIn: PayPalStandIn, account: PayPalStandInAccount, timeoutMs?: number) =>
  createPayPalClient({ baseUrl: standIn.baseUrl, clientId: account.clientId, clientSecret: account.clientSecret, timeoutMs })
const tokenCalls = (standIn: PayPalStandIn, account: PayPalStandInAccount) =>
  standIn.requests.filter((request) => request.path === '/v1/oauth2/token' && request.clientId === account.clientId).length

const newOrder = (client: PayPalClient, value = '49.90', currency_code = 'USD') =>
  client.createOrder({
    requestId: requestId('order'),
    amount: { currency_code, value },
    reference: `ord_${++counter}`,
    description: 'Course: Introduction to Somali poetry',
    returnUrl: 'https://school-a.example.com/checkout/paypal/return?o=1',
    cancelUrl: 'https://school-a.example.com/checkout/paypal/cancel',
    brandName: 'School A',
    locale: 'en-US',
  })

/** An order approved by the payer and captured: its id and capture id. */
const capturedOrder = async (value = '49.90') => {
  const order = await newOrder(clientA, value)
  paypal.approve(order.id)
  const captured = await clientA.captureOrder({ orderId: order.id, requestId: requestId('capture') })
  return { orderId: order.id, captureId: captured.capture?.id ?? '' }
}

/** The PayPalError a promise rejects with. */
const rejection = async (promise: Promise<unknown>): Promise<PayPalError> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(PayPalError)
  return error as PayPalError
}

beforeAll(async () => {
  paypal = await startPayPalStandIn({ accounts: [schoolA, schoolB] })
  clientA = clientFor(paypal, schoolA)
  clientB = clientFor(paypal, schoolB)
})

afterAll(() => paypal?.close())

describe('access tokens', () => {
  it('should ask for one token for many calls, concurrent ones included', async () => {
    const standIn = await startPayPalStandIn({ accounts: [schoolA] })
    try {
      const client = clientFor(standIn, schoolA)
      const order = await newOrder(client)
      await Promise.all([client.getOrder(order.id), client.getOrder(order.id), client.getOrder(order.id)])
      // A second client for the same account shares the cache.
      await clientFor(standIn, schoolA).getOrder(order.id)
      expect(tokenCalls(standIn, schoolA)).toBe(1)
      const tokenRequest = standIn.requests.find((request) => request.path === '/v1/oauth2/token')
      expect(tokenRequest?.headers.authorization).toBe(`Basic ${Buffer.from(`${schoolA.clientId}:${schoolA.clientSecret}`).toString('base64')}`)
      expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    } finally {
      await standIn.close()
    }
  })

  it('should renew a token before it expires, without waiting for a 401', async () => {
    const standIn = await startPayPalStandIn({ accounts: [schoolA], tokenTtlSeconds: 2 })
    try {
      const client = clientFor(standIn, schoolA)
      const order = await newOrder(client)
      await client.getOrder(order.id)
      expect(tokenCalls(standIn, schoolA)).toBe(1)
      // A 2-second token is renewed at half its life.
      await new Promise((resolve) => setTimeout(resolve, 1100))
      await client.getOrder(order.id)
      expect(tokenCalls(standIn, schoolA)).toBe(2)
      expect(standIn.requests.filter((request) => request.status === 401)).toHaveLength(0)
    } finally {
      await standIn.close()
    }
  })

  it('should drop a refused token and make the call once more with a fresh one', async () => {
    const standIn = await startPayPalStandIn({ accounts: [schoolA] })
    try {
      const client = clientFor(standIn, schoolA)
      const order = await newOrder(client)
      standIn.revokeTokens(schoolA.clientId)
      expect((await client.getOrder(order.id)).id).toBe(order.id)
      expect(tokenCalls(standIn, schoolA)).toBe(2)
      const orderCalls = standIn.requests.filter((request) => request.path === `/v2/checkout/orders/${order.id}`)
      expect(orderCalls.map((request) => request.status)).toEqual([401, 200])
    } finally {
      await standIn.close()
    }
  })

  it('should refuse a wrong client secret with a 401 PayPalError that does not carry the secret', async () => {
    const wrongSecret = `${schoolA.clientSecret.slice(0, -6)}WRONG1`
    const client = createPayPalClient({ baseUrl: paypal.baseUrl, clientId: schoolA.clientId, clientSecret: wrongSecret })
    const error = await rejection(client.getOrder('5O190127TN364715T'))
    expect(error.status).toBe(401)
    expect(error.name).toBe('INVALID_CLIENT')
    expect(error.message).toContain('Client Authentication failed')
    expect(error.message).not.toContain(wrongSecret)
    expect(JSON.stringify(error)).not.toContain(wrongSecret)
    expect(String(error.stack)).not.toContain(wrongSecret)
  })
})

describe('orders', () => {
  it('should create an order, let the payer approve it on the checkout page, and capture it', async () => {
    const order = await newOrder(clientA, '49.90')
    // A PayPal payment source with an experience context answers PAYER_ACTION_REQUIRED and a payer-action link.
    expect(order.status).toBe('PAYER_ACTION_REQUIRED')
    expect(order.approveUrl).toBe(`${paypal.baseUrl}/checkoutnow?token=${order.id}`)
    const created = paypal.requests.find((request) => request.method === 'POST' && request.path === '/v2/checkout/orders' && request.status === 201)
    expect(created?.headers['paypal-request-id']).toMatch(/^order-/)
    expect(created?.headers.prefer).toBe('return=representation')

    const page = await fetch(order.approveUrl)
    const html = await page.text()
    expect(html).toContain('Approve')
    expect(html).toContain('Cancel')
    expect(html).toContain('49.90 USD')
    const approved = await fetch(`${paypal.baseUrl}/checkoutnow/approve`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: order.id }).toString(),
      redirect: 'manual',
    })
    expect(approved.status).toBe(303)
    const back = new URL(approved.headers.get('location') ?? '')
    expect(`${back.origin}${back.pathname}`).toBe('https://school-a.example.com/checkout/paypal/return')
    expect(back.searchParams.get('o')).toBe('1')
    expect(back.searchParams.get('token')).toBe(order.id)
    expect(back.searchParams.get('PayerID')).toMatch(/^[A-Z0-9]{13}$/)

    const seen = await clientA.getOrder(order.id)
    expect(seen).toMatchObject({ id: order.id, status: 'APPROVED', payerId: back.searchParams.get('PayerID'), amount: { currency_code: 'USD', value: '49.90' } })

    const captured = await clientA.captureOrder({ orderId: order.id, requestId: requestId('capture') })
    expect(captured.status).toBe('COMPLETED')
    expect(captured.orderId).toBe(order.id)
    expect(captured.capture).toMatchObject({ status: 'COMPLETED', amount: { currency_code: 'USD', value: '49.90' } })
    expect(captured.referenceId).toBe(seen.referenceId)
    expect(captured.customId).toBe(seen.referenceId)
    expect((await clientA.getOrder(order.id)).capture?.id).toBe(captured.capture?.id)
  })

  it('should send the cancelling payer back to cancel_url', async () => {
    const order = await newOrder(clientA)
    const cancelled = await fetch(`${paypal.baseUrl}/checkoutnow/cancel`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: order.id }).toString(),
      redirect: 'manual',
    })
    expect(cancelled.status).toBe(303)
    expect(cancelled.headers.get('location')).toBe(`https://school-a.example.com/checkout/paypal/cancel?token=${order.id}`)
    expect((await clientA.getOrder(order.id)).status).toBe('PAYER_ACTION_REQUIRED')
  })

  it('should capture once for two captures with the same request id', async () => {
    const order = await newOrder(clientA)
    paypal.approve(order.id)
    const id = requestId('capture')
    const first = await clientA.captureOrder({ orderId: order.id, requestId: id })
    const second = await clientA.captureOrder({ orderId: order.id, requestId: id })
    expect(second.capture?.id).toBe(first.capture?.id)
    const units = paypal.order(order.id).purchase_units as { payments: { captures: unknown[] } }[]
    expect(units[0]?.payments.captures).toHaveLength(1)
  })

  it('should refuse a second capture with a new request id: ORDER_ALREADY_CAPTURED', async () => {
    const { orderId } = await capturedOrder()
    const error = await rejection(clientA.captureOrder({ orderId, requestId: requestId('capture') }))
    expect(error).toMatchObject({ status: 422, name: 'UNPROCESSABLE_ENTITY', issue: 'ORDER_ALREADY_CAPTURED' })
    expect(error.debugId).toMatch(/^[0-9a-f]+$/)
    expect(error.message).toContain('ORDER_ALREADY_CAPTURED')
    expect(error.message).toContain('only one capture per order')
  })

  it('should refuse a capture before approval: ORDER_NOT_APPROVED', async () => {
    const order = await newOrder(clientA)
    const error = await rejection(clientA.captureOrder({ orderId: order.id, requestId: requestId('capture') }))
    expect(error).toMatchObject({ status: 422, name: 'UNPROCESSABLE_ENTITY', issue: 'ORDER_NOT_APPROVED' })
  })

  it('should refuse a declined instrument, and capture after the payer approves again', async () => {
    const order = await newOrder(clientA)
    paypal.approve(order.id)
    paypal.declineNextCapture()
    const error = await rejection(clientA.captureOrder({ orderId: order.id, requestId: requestId('capture') }))
    expect(error.issue).toBe('INSTRUMENT_DECLINED')
    paypal.approve(order.id)
    expect((await clientA.captureOrder({ orderId: order.id, requestId: requestId('capture') })).status).toBe('COMPLETED')
  })

  it("should not show or capture another school's order", async () => {
    const order = await newOrder(clientA)
    paypal.approve(order.id)
    expect(await rejection(clientB.getOrder(order.id))).toMatchObject({ status: 404, name: 'RESOURCE_NOT_FOUND', issue: 'INVALID_RESOURCE_ID' })
    expect(await rejection(clientB.captureOrder({ orderId: order.id, requestId: requestId('capture') }))).toMatchObject({ status: 404 })
    expect((await clientA.getOrder(order.id)).status).toBe('APPROVED')
  })

  it('should refuse amounts PayPal refuses, with its issues', async () => {
    expect(await rejection(newOrder(clientA, '10.001'))).toMatchObject({ status: 422, issue: 'DECIMAL_PRECISION' })
    expect(await rejection(newOrder(clientA, '1500.5', 'JPY'))).toMatchObject({ status: 422, issue: 'DECIMALS_NOT_SUPPORTED' })
    expect(await rejection(newOrder(clientA, '0.00'))).toMatchObject({ status: 422, issue: 'CANNOT_BE_ZERO_OR_NEGATIVE' })
    const syntax = await rejection(newOrder(clientA, '12,50'))
    expect(syntax).toMatchObject({ status: 400, name: 'INVALID_REQUEST', issue: 'INVALID_PARAMETER_SYNTAX' })
    expect(syntax.details[0]?.field).toBe('/purchase_units/0/amount/value')
    expect(syntax.message).toContain('/purchase_units/0/amount/value')
    expect((await newOrder(clientA, '1500', 'JPY')).status).toBe('PAYER_ACTION_REQUIRED')
  })
})

describe('refunds', () => {
  it('should refund part, refuse more than remains, and refund the rest', async () => {
    const { captureId } = await capturedOrder('30.00')
    const partialId = requestId('refund')
    const partial = await clientA.refundCapture({ captureId, requestId: partialId, amount: { currency_code: 'USD', value: '10.00' }, note: 'Half the course' })
    expect(partial).toMatchObject({ status: 'COMPLETED', amount: { currency_code: 'USD', value: '10.00' } })
    // The same request id again: the same refund, nothing refunded twice.
    expect((await clientA.refundCapture({ captureId, requestId: partialId, amount: { currency_code: 'USD', value: '10.00' } })).id).toBe(partial.id)
    expect(paypal.capture(captureId).status).toBe('PARTIALLY_REFUNDED')

    const over = await rejection(clientA.refundCapture({ captureId, requestId: requestId('refund'), amount: { currency_code: 'USD', value: '20.01' } }))
    expect(over).toMatchObject({ status: 422, name: 'UNPROCESSABLE_ENTITY', issue: 'REFUND_AMOUNT_EXCEEDED' })

    const rest = await clientA.refundCapture({ captureId, requestId: requestId('refund') })
    expect(rest.amount).toEqual({ currency_code: 'USD', value: '20.00' })
    expect(paypal.capture(captureId).status).toBe('REFUNDED')
    expect(await rejection(clientA.refundCapture({ captureId, requestId: requestId('refund') }))).toMatchObject({ issue: 'CAPTURE_FULLY_REFUNDED' })
  })
})

describe('webhooks', () => {
  let receiver: http.Server
  let receiverUrl: string
  let webhookA: string
  let webhookB: string
  /** How the receiver checks each notification: which client and webhook id it verifies with. */
  let verifyWith: { client: PayPalClient; webhookId: string }

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
        verifyWith.client
          .verifyWebhookSignature({ headers: req.headers, webhookId: verifyWith.webhookId, event })
          .then((verified) => res.writeHead(verified ? 200 : 400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ verified })))
          .catch((error: unknown) => res.writeHead(500).end(String(error)))
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/paypal/webhook`
    webhookA = paypal.registerWebhook(schoolA.clientId, receiverUrl)
    webhookB = paypal.registerWebhook(schoolB.clientId, receiverUrl)
  })

  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())))

  it('should verify a notification PayPal signed, every time it is delivered', async () => {
    verifyWith = { client: clientA, webhookId: webhookA }
    const { captureId } = await capturedOrder()
    const { event, deliveries } = await paypal.sendWebhook(receiverUrl, 'PAYMENT.CAPTURE.COMPLETED', paypal.capture(captureId), { webhookId: webhookA, times: 2 })
    expect(event).toMatchObject({ event_version: '1.0', resource_type: 'capture', resource_version: '2.0', event_type: 'PAYMENT.CAPTURE.COMPLETED' })
    expect(event.id).toMatch(/^WH-/)
    expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200])
    expect(deliveries.map((delivery) => JSON.parse(delivery.answer))).toEqual([{ verified: true }, { verified: true }])
    expect(deliveries[0]?.headers['PAYPAL-TRANSMISSION-ID']).not.toBe(deliveries[1]?.headers['PAYPAL-TRANSMISSION-ID'])

    // A resend of the same event: same id and body, signed afresh.
    const again = await paypal.sendWebhook(receiverUrl, 'PAYMENT.CAPTURE.COMPLETED', undefined, { webhookId: webhookA, replayOf: event.id })
    expect(again.event.id).toBe(event.id)
    expect(again.deliveries[0]?.body).toBe(deliveries[0]?.body)
    expect(again.deliveries[0]?.status).toBe(200)
  })

  it('should serve the certificate the signature checks against', async () => {
    verifyWith = { client: clientA, webhookId: webhookA }
    const { deliveries } = await paypal.sendWebhook(receiverUrl, 'CHECKOUT.ORDER.APPROVED', { id: '5O190127TN364715T', status: 'APPROVED' }, { webhookId: webhookA })
    const certUrl = deliveries[0]?.headers['PAYPAL-CERT-URL'] ?? ''
    expect(certUrl).toMatch(new RegExp(`^${paypal.baseUrl}/v1/notifications/certs/CERT-`))
    const certificate = new X509Certificate(await (await fetch(certUrl)).text())
    expect(certificate.verify(certificate.publicKey)).toBe(true)
  })

  it('should not verify a forged notification', async () => {
    verifyWith = { client: clientA, webhookId: webhookA }
    const resource = { id: 'FORGED', amount: { currency_code: 'USD', value: '1.00' } }
    const { deliveries } = await paypal.sendWebhook(receiverUrl, 'PAYMENT.CAPTURE.COMPLETED', resource, { webhookId: webhookA, forge: true })
    expect(deliveries[0]?.status).toBe(400)
    expect(JSON.parse(deliveries[0]?.answer ?? '')).toEqual({ verified: false })
  })

  it("should not verify against another school's webhook id", async () => {
    const resource = { id: 'R1', amount: { currency_code: 'USD', value: '5.00' } }
    const sent = await paypal.sendWebhook(receiverUrl, 'PAYMENT.CAPTURE.REFUNDED', resource, { webhookId: webhookB })
    const event = sent.event
    const headers = new Headers(sent.deliveries[0]?.headers)
    // The signature is PayPal's, for school B's webhook: school B verifies it, school A's account does not.
    expect(await clientB.verifyWebhookSignature({ headers, webhookId: webhookB, event })).toBe(true)
    expect(await clientA.verifyWebhookSignature({ headers, webhookId: webhookB, event })).toBe(false)
    expect(await clientA.verifyWebhookSignature({ headers, webhookId: webhookA, event })).toBe(false)
  })

  it('should not verify a changed body, and not call PayPal when headers are missing', async () => {
    const resource = { id: 'C1', amount: { currency_code: 'USD', value: '5.00' } }
    const sent = await paypal.sendWebhook(receiverUrl, 'PAYMENT.CAPTURE.COMPLETED', resource, { webhookId: webhookB })
    const headers = sent.deliveries[0]?.headers ?? {}
    const changed = { ...sent.event, resource: { id: 'C1', amount: { currency_code: 'USD', value: '500.00' } } }
    expect(await clientB.verifyWebhookSignature({ headers, webhookId: webhookB, event: changed })).toBe(false)

    const before = paypal.requests.filter((request) => request.path === '/v1/notifications/verify-webhook-signature').length
    const { 'PAYPAL-TRANSMISSION-SIG': _dropped, ...unsigned } = headers
    expect(await clientB.verifyWebhookSignature({ headers: unsigned, webhookId: webhookB, event: sent.event })).toBe(false)
    expect(paypal.requests.filter((request) => request.path === '/v1/notifications/verify-webhook-signature').length).toBe(before)
  })
})

describe('failures on the way', () => {
  it('should retry through an injected 500, with the same PayPal-Request-Id', async () => {
    const order = await newOrder(clientA)
    paypal.approve(order.id)
    const path = `/v2/checkout/orders/${order.id}/capture`
    paypal.failNext({ method: 'POST', path, status: 500 })
    const id = requestId('capture')
    expect((await clientA.captureOrder({ orderId: order.id, requestId: id })).status).toBe('COMPLETED')
    const attempts = paypal.requests.filter((request) => request.path === path)
    expect(attempts.map((request) => [request.status, request.requestId])).toEqual([
      [500, id],
      [201, id],
    ])
  })

  it('should capture once when the answer is lost after the capture was made', async () => {
    const order = await newOrder(clientA)
    paypal.approve(order.id)
    const path = `/v2/checkout/orders/${order.id}/capture`
    paypal.failNext({ method: 'POST', path, status: 503, afterHandling: true })
    paypal.failNext({ method: 'POST', path, status: 0 })
    const captured = await clientA.captureOrder({ orderId: order.id, requestId: requestId('capture') })
    expect(captured.capture?.status).toBe('COMPLETED')
    expect(paypal.requests.filter((request) => request.path === path).map((request) => request.status)).toEqual([503, 0, 200])
    const units = paypal.order(order.id).purchase_units as { payments: { captures: unknown[] } }[]
    expect(units[0]?.payments.captures).toHaveLength(1)
  })

  it('should give up after two retries, and not retry a 4xx', async () => {
    const order = await newOrder(clientA)
    const path = `/v2/checkout/orders/${order.id}`
    paypal.failNext({ method: 'GET', path, status: 503, times: 3 })
    expect(await rejection(clientA.getOrder(order.id))).toMatchObject({ status: 503, name: 'SERVICE_UNAVAILABLE' })
    expect(paypal.requests.filter((request) => request.path === path)).toHaveLength(3)

    const capturePath = `${path}/capture`
    await rejection(clientA.captureOrder({ orderId: order.id, requestId: requestId('capture') }))
    expect(paypal.requests.filter((request) => request.path === capturePath)).toHaveLength(1)
  })

  it('should time out a call PayPal does not answer', async () => {
    const order = await newOrder(clientA)
    const slow = clientFor(paypal, schoolA, 300)
    paypal.delayNext({ method: 'GET', path: `/v2/checkout/orders/${order.id}`, ms: 1000 })
    const started = Date.now()
    expect(await rejection(slow.getOrder(order.id))).toMatchObject({ status: 0, name: 'TIMEOUT' })
    expect(Date.now() - started).toBeLessThan(900)
  })
})
