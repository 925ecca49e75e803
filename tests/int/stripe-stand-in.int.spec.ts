import http from 'node:http'
import type { AddressInfo } from 'node:net'

import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startStripeStandIn, type StripeStandIn } from '../stand-ins/stripe'

// The real SDK against the stand-in, and a receiver that checks each webhook as an integrator
// does, with the SDK's own constructEvent: what passes here passes the app's webhook route.

const SECRET_KEY = 'sk_test_standin_spec_0123456789'
const WEBHOOK_SECRET = 'whsec_spec_platform'
const CONNECT_WEBHOOK_SECRET = 'whsec_spec_connect'

type Heard = { event?: Stripe.Event; verifiedWith?: 'platform' | 'connect'; refusal?: string; headers: http.IncomingHttpHeaders }

const startReceiver = async () => {
  const heard: Heard[] = []
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const header = String(request.headers['stripe-signature'] ?? '')
      for (const [name, secret] of [['platform', WEBHOOK_SECRET], ['connect', CONNECT_WEBHOOK_SECRET]] as const) {
        try {
          const event = Stripe.webhooks.constructEvent(raw, header, secret)
          heard.push({ event, verifiedWith: name, headers: request.headers })
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received: true }))
          return
        } catch {
          // Not this endpoint's secret: try the other.
        }
      }
      let refusal = ''
      try {
        Stripe.webhooks.constructEvent(raw, header, WEBHOOK_SECRET)
      } catch (error) {
        refusal = (error as Error).message
      }
      heard.push({ refusal, headers: request.headers })
      response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: refusal }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`,
    heard,
    events: (type: string) => heard.filter((h) => h.event?.type === type).map((h) => h.event!),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

let standIn: StripeStandIn
let receiver: Awaited<ReturnType<typeof startReceiver>>
let stripe: Stripe
const sdk = (secretKey: string) => new Stripe(secretKey, { host: standIn.host, port: standIn.port, protocol: 'http', maxNetworkRetries: 2 })

beforeAll(async () => {
  receiver = await startReceiver()
  standIn = await startStripeStandIn({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, connectWebhookSecret: CONNECT_WEBHOOK_SECRET, webhookUrl: receiver.url })
  stripe = sdk(SECRET_KEY)
})

afterAll(async () => {
  await standIn?.close()
  await receiver?.close()
})

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600

const paymentParams = (order: number, overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams => ({
  mode: 'payment',
  line_items: [{ quantity: 2, price_data: { currency: 'USD', unit_amount: 2450, product_data: { name: 'Algebra I' } } }],
  customer_email: 'amina@north.example',
  client_reference_id: `ORD-${order}`,
  metadata: { order, reference: `ORD-${order}` },
  success_url: 'https://app.example/paid?session={CHECKOUT_SESSION_ID}',
  cancel_url: 'https://app.example/cancelled',
  expires_at: inAnHour(),
  payment_intent_data: { metadata: { order: String(order) } },
  ...overrides,
})

const rejectionOf = async (promise: Promise<unknown>): Promise<Stripe.errors.StripeError> => {
  try {
    await promise
  } catch (error) {
    return error as Stripe.errors.StripeError
  }
  throw new Error('expected the call to fail')
}

/** The message as Stripe sent it (the SDK's own puts the request id in front). */
const sentMessage = (error: Stripe.errors.StripeError): string => (error.raw as { message: string }).message

const paidIntent = async (order: number) => {
  const session = await stripe.checkout.sessions.create(paymentParams(order))
  await standIn.completeCheckout(session.id)
  return String((await stripe.checkout.sessions.retrieve(session.id)).payment_intent)
}

describe('the Stripe stand-in, through the real SDK', () => {
  it('should make a Checkout Session in Stripe’s shape, once per Idempotency-Key', async () => {
    const before = standIn.sessions.size
    const session = await stripe.checkout.sessions.create(paymentParams(12), { idempotencyKey: 'order-12' })
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: 4900,
      amount_total: 4900,
      currency: 'usd',
      customer_email: 'amina@north.example',
      client_reference_id: 'ORD-12',
      metadata: { order: '12', reference: 'ORD-12' },
      success_url: 'https://app.example/paid?session={CHECKOUT_SESSION_ID}',
      payment_intent: null,
      subscription: null,
      livemode: false,
      url: `${standIn.url}/c/pay/${session.id}`,
    })
    expect(session.id).toMatch(/^cs_test_\w{40,}$/)

    const again = await stripe.checkout.sessions.create(paymentParams(12, { expires_at: session.expires_at }), { idempotencyKey: 'order-12' })
    expect(again.id).toBe(session.id)
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true')
    expect(standIn.sessions.size).toBe(before + 1)

    const misused = await rejectionOf(stripe.checkout.sessions.create(paymentParams(13), { idempotencyKey: 'order-12' }))
    expect(misused).toBeInstanceOf(Stripe.errors.StripeIdempotencyError)
    expect(sentMessage(misused)).toBe(
      "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'order-12' if you meant to execute a different request.",
    )
    expect(standIn.sessions.size).toBe(before + 1)

    const recorded = standIn.requests.filter((r) => r.idempotencyKey === 'order-12')
    expect(recorded.map((r) => [r.method, r.path, r.status, r.replayed])).toEqual([
      ['POST', '/v1/checkout/sessions', 200, false],
      ['POST', '/v1/checkout/sessions', 200, true],
      ['POST', '/v1/checkout/sessions', 400, false],
    ])
    expect(recorded[0].stripeVersion).toBe('2026-11-18.endive')
    expect(recorded[0].params).toMatchObject({ line_items: [{ quantity: '2', price_data: { currency: 'USD', unit_amount: '2450', product_data: { name: 'Algebra I' } } }], metadata: { order: '12' } })
  })

  it('should replay a stored answer byte for byte', async () => {
    const body = 'mode=payment&line_items[0][quantity]=1&line_items[0][price_data][currency]=eur&line_items[0][price_data][unit_amount]=900&line_items[0][price_data][product_data][name]=Raw&success_url=https%3A%2F%2Fapp.example%2Fok'
    const post = () =>
      fetch(`${standIn.url}/v1/checkout/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'raw-replay' },
        body,
      })
    const first = await post()
    const second = await post()
    expect([first.status, second.status, second.headers.get('idempotent-replayed')]).toEqual([200, 200, 'true'])
    expect(await second.text()).toBe(await first.text())
  })

  it('should answer Stripe’s errors, which the SDK turns into its error classes', async () => {
    const wrongKey = await rejectionOf(sdk('sk_test_not_the_key_9999').checkout.sessions.create(paymentParams(20)))
    expect(wrongKey).toBeInstanceOf(Stripe.errors.StripeAuthenticationError)
    expect([wrongKey.statusCode, sentMessage(wrongKey)]).toEqual([401, 'Invalid API Key provided: sk_test_************9999'])

    const { success_url: _dropped, ...withoutSuccessUrl } = paymentParams(21)
    const missing = await rejectionOf(stripe.checkout.sessions.create(withoutSuccessUrl))
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect([missing.statusCode, missing.type, missing.code, missing.param, sentMessage(missing)]).toEqual([
      400,
      'StripeInvalidRequestError',
      'parameter_missing',
      'success_url',
      'Missing required param: success_url.',
    ])

    const badCurrency = await rejectionOf(
      stripe.checkout.sessions.create(paymentParams(22, { line_items: [{ quantity: 1, price_data: { currency: 'dollars', unit_amount: 100, product_data: { name: 'x' } } }] })),
    )
    expect(badCurrency.param).toBe('line_items[0][price_data][currency]')
    const negative = await rejectionOf(
      stripe.checkout.sessions.create(paymentParams(23, { line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: -5, product_data: { name: 'x' } } }] })),
    )
    expect([negative.param, negative.code]).toEqual(['line_items[0][price_data][unit_amount]', 'parameter_invalid_integer'])
    const unknown = await rejectionOf(stripe.checkout.sessions.create({ ...paymentParams(24), payment_method_types: ['card'] } as Stripe.Checkout.SessionCreateParams))
    expect([unknown.code, sentMessage(unknown)]).toEqual(['parameter_unknown', 'Received unknown parameter: payment_method_types'])
    const tooMuchFee = await rejectionOf(
      stripe.checkout.sessions.create(paymentParams(25, { payment_intent_data: { application_fee_amount: 5000, transfer_data: { destination: 'acct_school' } } })),
    )
    expect(tooMuchFee.param).toBe('payment_intent_data[application_fee_amount]')
    const feeWithoutConnect = await rejectionOf(stripe.checkout.sessions.create(paymentParams(26, { payment_intent_data: { application_fee_amount: 100 } })))
    expect(sentMessage(feeWithoutConnect)).toMatch(/^Can only apply an application_fee_amount when/)

    const noSuch = await rejectionOf(stripe.checkout.sessions.retrieve('cs_test_nothing'))
    expect([noSuch.statusCode, noSuch.code, sentMessage(noSuch)]).toEqual([404, 'resource_missing', "No such checkout.session: 'cs_test_nothing'"])
    // A refused request stores nothing under its key: the key then works once the request is right.
    const refused = await rejectionOf(stripe.checkout.sessions.create({ ...paymentParams(27), mode: undefined }, { idempotencyKey: 'fix-and-retry' }))
    expect([refused.param, refused.code]).toEqual(['mode', 'parameter_missing'])
    const fixed = await stripe.checkout.sessions.create(paymentParams(27), { idempotencyKey: 'fix-and-retry' })
    expect(fixed.lastResponse.headers['idempotent-replayed']).toBeUndefined()
  })

  it('should complete a payment and deliver a webhook constructEvent accepts, and one it refuses when forged', async () => {
    const session = await stripe.checkout.sessions.create(paymentParams(30))
    const { events, answers } = await standIn.completeCheckout(session.id)
    expect(events.map((e) => e.type)).toEqual(['checkout.session.completed'])
    expect(answers).toEqual([{ status: 200, body: '{"received":true}' }])

    const heard = receiver.heard.find((h) => h.event?.id === events[0].id)!
    expect(heard.verifiedWith).toBe('platform')
    expect(heard.headers['user-agent']).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)')
    expect(heard.event).toMatchObject({ object: 'event', api_version: '2026-11-18.endive', livemode: false, type: 'checkout.session.completed' })
    const completed = heard.event!.data.object as Stripe.Checkout.Session
    expect(completed).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid', metadata: { order: '30' } })
    expect(heard.event!.account).toBeUndefined()

    const retrieved = await stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] })
    expect(retrieved.payment_intent).toMatch(/^pi_/)
    expect(retrieved.line_items?.data.map((item) => [item.description, item.quantity, item.amount_total, item.price?.unit_amount])).toEqual([['Algebra I', 2, 4900, 2450]])
    const intent = await stripe.paymentIntents.retrieve(String(retrieved.payment_intent))
    expect(intent).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount: 4900, amount_received: 4900, currency: 'usd', metadata: { order: '30' } })
    expect(intent.latest_charge).toMatch(/^ch_/)

    const forged = await standIn.deliver(events[0], { secret: 'whsec_someone_else' })
    const tampered = await standIn.deliver(events[0], { body: JSON.stringify({ ...events[0], type: 'checkout.session.expired' }) })
    const stale = await standIn.deliver(events[0], { timestamp: Math.floor(Date.now() / 1000) - 3600 })
    expect([forged[0].status, tampered[0].status, stale[0].status]).toEqual([400, 400, 400])
    expect(JSON.parse(forged[0].body)).toMatchObject({ error: expect.stringMatching(/No signatures found matching the expected signature/) })
    expect(JSON.parse(stale[0].body)).toMatchObject({ error: expect.stringMatching(/Timestamp outside the tolerance zone/) })

    const twice = await standIn.deliver(events[0], { times: 2 })
    expect(twice.map((a) => a.status)).toEqual([200, 200])
    expect(standIn.delivered.filter((d) => d.event.id === events[0].id).map((d) => d.status)).toEqual([200, 400, 400, 400, 200, 200])
  })

  it('should serve the hosted page, take the payment once, and send the browser on', async () => {
    const session = await stripe.checkout.sessions.create(paymentParams(35))
    const page = await fetch(session.url!)
    const html = await page.text()
    expect(page.status).toBe(200)
    expect(html).toContain('Algebra I')
    expect(html).toContain('$49.00')

    const cancel = await fetch(`${session.url}/cancel`, { method: 'POST', redirect: 'manual' })
    expect([cancel.status, cancel.headers.get('location')]).toEqual([303, 'https://app.example/cancelled'])
    expect(standIn.sessions.get(session.id)?.status).toBe('open')

    const before = standIn.delivered.length
    const pay = await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' })
    expect([pay.status, pay.headers.get('location')]).toEqual([303, `https://app.example/paid?session=${session.id}`])
    // The webhook was answered before the browser was sent on.
    expect(standIn.delivered.slice(before).map((d) => [d.event.type, d.status])).toEqual([['checkout.session.completed', 200]])
    const payAgain = await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' })
    expect(payAgain.status).toBe(303)
    expect(standIn.delivered.length).toBe(before + 1)
    expect(standIn.sessions.get(session.id)).toMatchObject({ status: 'complete', payment_status: 'paid' })
  })

  it('should tell a payment that clears later, or fails later, or a checkout that expired', async () => {
    const failing = await stripe.checkout.sessions.create(paymentParams(36))
    const failed = await standIn.completeCheckout(failing.id, { outcome: 'unpaid-then-failed' })
    expect(failed.events.map((e) => [e.type, (e.data.object as Stripe.Checkout.Session).payment_status])).toEqual([
      ['checkout.session.completed', 'unpaid'],
      ['checkout.session.async_payment_failed', 'unpaid'],
    ])
    const clearing = await stripe.checkout.sessions.create(paymentParams(37))
    const cleared = await standIn.completeCheckout(clearing.id, { outcome: 'unpaid-then-succeeded' })
    expect(cleared.events.map((e) => [e.type, (e.data.object as Stripe.Checkout.Session).payment_status])).toEqual([
      ['checkout.session.completed', 'unpaid'],
      ['checkout.session.async_payment_succeeded', 'paid'],
    ])
    const abandoned = await stripe.checkout.sessions.create(paymentParams(38))
    const expired = await standIn.completeCheckout(abandoned.id, { outcome: 'expired' })
    expect(expired.events.map((e) => [e.type, (e.data.object as Stripe.Checkout.Session).status])).toEqual([['checkout.session.expired', 'expired']])
    expect(expired.answers.map((a) => a.status)).toEqual([200])
  })

  it('should refund what is left on a payment and refuse more', async () => {
    const paymentIntent = await paidIntent(40)
    const part = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000, reason: 'requested_by_customer', metadata: { order: '40' } })
    expect(part).toMatchObject({ object: 'refund', status: 'succeeded', amount: 1000, currency: 'usd', payment_intent: paymentIntent, reason: 'requested_by_customer', metadata: { order: '40' } })
    expect(part.id).toMatch(/^re_/)
    expect(part.charge).toMatch(/^ch_/)

    const tooMuch = await rejectionOf(stripe.refunds.create({ payment_intent: paymentIntent, amount: 5000 }))
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect([tooMuch.param, sentMessage(tooMuch)]).toEqual(['amount', 'Refund amount ($50.00) is greater than unrefunded amount on charge ($39.00)'])

    const rest = await stripe.refunds.create({ payment_intent: paymentIntent })
    expect(rest.amount).toBe(3900)
    const again = await rejectionOf(stripe.refunds.create({ payment_intent: paymentIntent, amount: 1 }))
    expect([again.statusCode, again.code]).toEqual([400, 'charge_already_refunded'])

    // Stripe sends a refund's events after answering; settled() waits for them.
    await standIn.settled()
    const refunded = receiver.events('charge.refunded').filter((e) => (e.data.object as Stripe.Charge).payment_intent === paymentIntent)
    expect(refunded.map((e) => [(e.data.object as Stripe.Charge).amount_refunded, (e.data.object as Stripe.Charge).refunded])).toEqual([
      [1000, false],
      [4900, true],
    ])
    expect(refunded[0].request?.id).toMatch(/^req_/)
    expect(receiver.events('refund.created').map((e) => (e.data.object as Stripe.Refund).id)).toEqual(expect.arrayContaining([part.id, rest.id]))
  })

  it('should keep a connected account’s objects to it, and mark and sign their events for the Connect endpoint', async () => {
    const params = paymentParams(50, { payment_intent_data: { application_fee_amount: 490, metadata: { order: '50' } } })
    const session = await stripe.checkout.sessions.create(params, { stripeAccount: 'acct_123', idempotencyKey: 'connect-50' })
    expect(standIn.requests.at(-1)).toMatchObject({ stripeAccount: 'acct_123', idempotencyKey: 'connect-50', status: 200 })

    // The platform does not see the account's session, and its keys are its own.
    const fromPlatform = await rejectionOf(stripe.checkout.sessions.retrieve(session.id))
    expect(fromPlatform.code).toBe('resource_missing')
    const platformSession = await stripe.checkout.sessions.create(paymentParams(51, { payment_intent_data: { metadata: { order: '51' } } }), { idempotencyKey: 'connect-50' })
    expect(platformSession.id).not.toBe(session.id)

    const { events, answers } = await standIn.completeCheckout(session.id)
    expect(answers.map((a) => a.status)).toEqual([200])
    const heard = receiver.heard.find((h) => h.event?.id === events[0].id)!
    expect([heard.event?.account, heard.verifiedWith]).toEqual(['acct_123', 'connect'])
    const intent = await stripe.paymentIntents.retrieve(String(standIn.sessions.get(session.id)?.payment_intent), {}, { stripeAccount: 'acct_123' })
    expect(intent).toMatchObject({ status: 'succeeded', application_fee_amount: 490 })
  })

  it('should sell a subscription, and renew it unpaid into past_due', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' }, product_data: { name: 'Library pass' } } }],
      customer_email: 'sub@north.example',
      metadata: { plan: 'library' },
      subscription_data: { metadata: { plan: 'library', tenant: '7' } },
      success_url: 'https://app.example/subscribed',
    })
    expect(session).toMatchObject({ mode: 'subscription', amount_total: 1500, subscription: null })
    const { events, answers } = await standIn.completeCheckout(session.id)
    expect(events.map((e) => e.type)).toEqual(['checkout.session.completed', 'customer.subscription.created', 'invoice.paid'])
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200])

    const subscriptionId = String(standIn.sessions.get(session.id)?.subscription)
    expect(subscriptionId).toMatch(/^sub_/)
    const invoice = events[2].data.object as Stripe.Invoice
    expect(invoice).toMatchObject({
      object: 'invoice',
      status: 'paid',
      billing_reason: 'subscription_create',
      amount_paid: 1500,
      currency: 'usd',
      parent: { type: 'subscription_details', subscription_details: { subscription: subscriptionId, metadata: { plan: 'library', tenant: '7' } } },
    })
    const subscription = await stripe.subscriptions.retrieve(subscriptionId)
    expect(subscription).toMatchObject({ status: 'active', metadata: { plan: 'library', tenant: '7' }, latest_invoice: invoice.id })
    const [item] = subscription.items.data
    expect([item.quantity, item.price.unit_amount, item.price.currency, item.price.recurring?.interval]).toEqual([1, 1500, 'usd', 'month'])
    expect(item.current_period_end).toBeGreaterThan(item.current_period_start)
    const customer = await stripe.customers.retrieve(String(subscription.customer))
    expect(customer).toMatchObject({ object: 'customer', email: 'sub@north.example' })

    const renewal = await standIn.renewSubscription(subscriptionId, { paid: false })
    expect(renewal.events.map((e) => e.type)).toEqual(['invoice.payment_failed', 'customer.subscription.updated'])
    const updated = renewal.events[1]
    expect(updated.data.object).toMatchObject({ id: subscriptionId, status: 'past_due' })
    expect(updated.data.previous_attributes).toMatchObject({ status: 'active' })
    const renewed = await stripe.subscriptions.retrieve(subscriptionId)
    expect(renewed.status).toBe('past_due')
    expect(renewed.items.data[0].current_period_start).toBe(item.current_period_end)

    const seats = await stripe.subscriptions.update(subscriptionId, { items: [{ id: item.id, quantity: 3 }], cancel_at_period_end: true, metadata: { tenant: '' } })
    expect([seats.items.data[0].quantity, seats.cancel_at_period_end, seats.cancel_at, seats.metadata]).toEqual([3, true, renewed.items.data[0].current_period_end, { plan: 'library' }])
    await standIn.settled()
    const change = receiver.events('customer.subscription.updated').at(-1)!
    expect(change.request?.id).toBe(seats.lastResponse.requestId)
    expect(Object.keys(change.data.previous_attributes ?? {}).sort()).toEqual(['cancel_at', 'cancel_at_period_end', 'items', 'metadata'])

    const canceled = await stripe.subscriptions.cancel(subscriptionId)
    expect(canceled.status).toBe('canceled')
    await standIn.settled()
    expect(receiver.events('customer.subscription.deleted').map((e) => (e.data.object as Stripe.Subscription).id)).toContain(subscriptionId)
  })

  it('should let the SDK retry through an injected 500, and make one object when an answer is lost', async () => {
    const before = standIn.sessions.size
    standIn.failNext({ method: 'POST', path: '/v1/checkout/sessions', status: 500 })
    const session = await stripe.checkout.sessions.create(paymentParams(60))
    const tries = standIn.requests.slice(-2)
    expect(tries.map((r) => r.status)).toEqual([500, 200])
    expect(tries[0].idempotencyKey).toMatch(/^stripe-node-retry-/)
    expect(tries[1].idempotencyKey).toBe(tries[0].idempotencyKey)
    expect(standIn.sessions.get(session.id)).toBeDefined()

    standIn.failNext({ path: /^\/v1\/checkout\/sessions$/, dropAfterHandling: true })
    const afterLoss = await stripe.checkout.sessions.create(paymentParams(61))
    expect(standIn.requests.slice(-2).map((r) => [r.status, r.replayed])).toEqual([
      [0, false],
      [200, true],
    ])
    expect(standIn.sessions.size).toBe(before + 2)
    expect(standIn.sessions.get(afterLoss.id)).toBeDefined()

    standIn.failNext({ method: 'POST', path: '/v1/checkout/sessions', status: 500, times: 3 })
    const down = await rejectionOf(stripe.checkout.sessions.create(paymentParams(62)))
    expect([down.constructor, down.statusCode]).toEqual([Stripe.errors.StripeAPIError, 500])
    expect(standIn.sessions.size).toBe(before + 2)
  })
})

describe('Connect accounts and onboarding', () => {
  const expressParams = (email: string): Stripe.AccountCreateParams => ({ type: 'express', country: 'KE', email, capabilities: { card_payments: { requested: true }, transfers: { requested: true } }, metadata: { tenant: '7' } })

  it('should open an account once per idempotency key and refuse what it does not model', async () => {
    const account = await stripe.accounts.create(expressParams('school@north.example'), { idempotencyKey: 'connect-7' })
    expect(account).toMatchObject({ object: 'account', type: 'express', country: 'KE', default_currency: 'kes', charges_enabled: false, payouts_enabled: false, details_submitted: false, capabilities: { card_payments: 'inactive', transfers: 'inactive' }, metadata: { tenant: '7' } })
    expect(account.requirements?.currently_due).toContain('external_account')
    const again = await stripe.accounts.create(expressParams('school@north.example'), { idempotencyKey: 'connect-7' })
    expect([again.id, standIn.requests.at(-1)?.replayed]).toEqual([account.id, true])
    const otherParams = await rejectionOf(stripe.accounts.create(expressParams('other@north.example'), { idempotencyKey: 'connect-7' }))
    expect(otherParams.type).toBe('StripeIdempotencyError')

    const unmodelled = await rejectionOf(stripe.accounts.create({ ...expressParams('x@north.example'), individual: { first_name: 'Amina' } }))
    expect([unmodelled.statusCode, unmodelled.param]).toEqual([400, 'individual'])
    const noCapabilities = await rejectionOf(stripe.accounts.create({ type: 'express' }))
    expect(noCapabilities.param).toBe('capabilities')
    expect(await stripe.accounts.retrieve(account.id)).toEqual(account)
    const missing = await rejectionOf(stripe.accounts.retrieve('acct_nothing'))
    expect([missing.code, sentMessage(missing)]).toEqual(['resource_missing', "No such account: 'acct_nothing'"])
  })

  it('should answer single-use onboarding links whose page completes onboarding and sends account.updated to the Connect endpoint', async () => {
    const { id } = await stripe.accounts.create(expressParams('links@north.example'))
    const urls = { refresh_url: 'https://app.example/connect/refresh', return_url: 'https://app.example/connect/return' }
    const noReturn = await rejectionOf(stripe.accountLinks.create({ account: id, type: 'account_onboarding', refresh_url: urls.refresh_url }))
    expect([noReturn.code, noReturn.param]).toEqual(['parameter_missing', 'return_url'])
    expect((await rejectionOf(stripe.accountLinks.create({ account: 'acct_nothing', type: 'account_onboarding', ...urls }))).code).toBe('resource_missing')
    expect((await rejectionOf(stripe.accountLinks.create({ account: id, type: 'account_update', ...urls }))).param).toBe('type')

    const link = await stripe.accountLinks.create({ account: id, type: 'account_onboarding', ...urls }, { idempotencyKey: 'link-1' })
    expect(link).toMatchObject({ object: 'account_link', url: expect.stringMatching(new RegExp(`^${standIn.url}/setup/e/${id}/`)) })
    expect(link.expires_at - link.created).toBe(300)
    const page = await fetch(link.url)
    expect([page.status, await page.text()]).toEqual([200, expect.stringContaining(id)])
    const reopened = await fetch(link.url, { redirect: 'manual' })
    expect([reopened.status, reopened.headers.get('location')]).toEqual([303, urls.refresh_url])

    const submitted = await fetch(`${link.url}/submit`, { method: 'POST', redirect: 'manual' })
    expect([submitted.status, submitted.headers.get('location')]).toEqual([303, urls.return_url])
    const updated = receiver.heard.filter((h) => h.event?.type === 'account.updated' && h.event.account === id)
    expect(updated.map((h) => h.verifiedWith)).toEqual(['connect'])
    expect(updated[0]!.event!.data.object).toMatchObject({ id, charges_enabled: true, payouts_enabled: true, details_submitted: true, requirements: { currently_due: [], disabled_reason: null } })
    expect(updated[0]!.event!.data.previous_attributes).toMatchObject({ charges_enabled: false, details_submitted: false })
  })

  it('should refuse a destination charge to an account of its own until it can take transfers', async () => {
    const { id } = await stripe.accounts.create(expressParams('dest@north.example'))
    const params = paymentParams(70, { payment_intent_data: { application_fee_amount: 100, transfer_data: { destination: id } } })
    const early = await rejectionOf(stripe.checkout.sessions.create(params))
    expect([early.param, sentMessage(early)]).toEqual(['payment_intent_data[transfer_data][destination]', 'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments'])
    await standIn.completeOnboarding(id)
    expect((await stripe.checkout.sessions.create(params)).object).toBe('checkout.session')
    const { events } = await standIn.requireInformation(id, ['individual.verification.document'])
    expect(events[0]).toMatchObject({ type: 'account.updated', account: id, data: { object: { charges_enabled: false, requirements: { past_due: ['individual.verification.document'], disabled_reason: 'requirements.past_due' } } } })
  })
})
