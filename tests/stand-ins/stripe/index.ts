import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { type AccountLinkRecord, type AccountObject, createAccounts } from './accounts'
import { type ApiAnswer, createApi } from './api'
import { StripeFault, type StripeErrorBody, params as readParams } from './errors'
import { canonical, type FormObject, FormBodyError, type FormValue, listOf, parseFormBody } from './formBody'
import { checkoutPage, notFoundPage, onboardingPage } from './hostedPage'
import { type CheckoutOutcome, createLedger, type Owned } from './ledger'
import { API_VERSION, type CheckoutSessionObject, type EventObject, newId, nowSeconds } from './objects'
import { createWebhookSender, type DeliverOptions, type Delivery, type DeliveryAnswer, makeEvent, type MakeEventOptions } from './webhooks'

export type { AccountLinkRecord, AccountObject } from './accounts'
export type { CheckoutOutcome } from './ledger'
export type { CheckoutSessionObject, EventObject } from './objects'
export type { DeliverOptions, Delivery, DeliveryAnswer, MakeEventOptions } from './webhooks'
export type { StripeErrorBody } from './errors'

/** One request the stand-in's API was sent, as tests inspect it. */
export type RecordedRequest = {
  method: string
  path: string
  /** The form body (POST) or query (GET, DELETE), nested; numbered keys read as arrays and every leaf a string, as sent. */
  params: Record<string, unknown>
  idempotencyKey: string | undefined
  stripeAccount: string | undefined
  stripeVersion: string | undefined
  requestId: string
  /** The status answered; 0 while unanswered or when the connection was dropped on purpose. */
  status: number
  /** Answered from the stored result of an earlier request with the same Idempotency-Key. */
  replayed: boolean
}

/**
 * A fault to answer instead of handling: `status` with Stripe's error body (500 `api_error` and
 * 429 `rate_limit` unless `error` says otherwise), or with `dropAfterHandling` the request is
 * handled and then its connection closed unanswered, as when an answer is lost on the way back.
 */
export type FailRule = {
  method?: string
  /** A path prefix, or a pattern for the path. */
  path?: string | RegExp
  status?: number
  error?: StripeErrorBody
  /** How many matching requests fail; 1 by default. */
  times?: number
  dropAfterHandling?: boolean
}

/** The events a helper made, and the webhook endpoint's answers to them (none when not delivered). */
export type Happened = { events: EventObject[]; answers: DeliveryAnswer[] }

export type StripeStandInOptions = {
  secretKey?: string
  webhookSecret?: string
  /** The Connect endpoint's secret: events about connected accounts' objects are signed with it. */
  connectWebhookSecret?: string
  webhookUrl?: string
}

export type StripeStandIn = {
  /** `http://127.0.0.1:<port>`: the SDK's `host`, `port` and `protocol: 'http'`. */
  url: string
  host: string
  port: number
  secretKey: string
  webhookSecret: string
  connectWebhookSecret?: string
  requests: RecordedRequest[]
  delivered: Delivery[]
  /** Every event the stand-in made, delivered or not, in order. */
  events: EventObject[]
  /** The Checkout Sessions as Stripe would answer them now, by id. */
  sessions: Map<string, CheckoutSessionObject>
  /** The connected accounts the platform made (`POST /v1/accounts`), as Stripe would answer them now, by id. */
  accounts: Map<string, AccountObject>
  /** The account links made, by the last part of their URL. */
  accountLinks: Map<string, AccountLinkRecord>
  /** Any object the stand-in made (`pi_`, `ch_`, `re_`, `sub_`, `in_`, `cus_`, `cs_`), with the account that owns it. */
  lookup: (id: string) => (Owned<object> & Record<string, unknown>) | undefined
  setWebhookUrl: (url: string) => void
  /** The buyer at the hosted page: paid (default), paid by a method that settles later or fails later, or gone until it expired. */
  completeCheckout: (sessionId: string, options?: { outcome?: CheckoutOutcome; deliver?: boolean }) => Promise<Happened>
  /** A new billing period: `invoice.paid` or `invoice.payment_failed` (then past_due), and `customer.subscription.updated`. */
  renewSubscription: (subscriptionId: string, options: { paid: boolean; deliver?: boolean }) => Promise<Happened>
  /** The account's owner finished Stripe's onboarding (as the hosted page's Submit does): `account.updated`, a Connect event. */
  completeOnboarding: (accountId: string, options?: { deliver?: boolean }) => Promise<Happened>
  /** Stripe wants more of the account (these requirement fields): charges and payouts stop, `account.updated`. */
  requireInformation: (accountId: string, due: string[], options?: { deliver?: boolean }) => Promise<Happened>
  /** Cancelled outside the app (Dashboard, dunning): `customer.subscription.deleted`. */
  cancelSubscription: (subscriptionId: string, options?: { deliver?: boolean }) => Promise<Happened>
  /** Send any event to the webhook URL, signed as Stripe signs (or not, as `options` say); the answers in order. */
  deliver: (event: EventObject, options?: DeliverOptions) => Promise<DeliveryAnswer[]>
  makeEvent: (type: string, object: object, options?: MakeEventOptions) => EventObject
  /** The next matching API requests fail (see FailRule); rules are tried in the order given. */
  failNext: (rule: FailRule) => void
  /** The next API request waits this long before it is handled. */
  delayNext: (ms: number) => void
  /** Resolves once every webhook delivery started so far (those API calls cause included) was answered. */
  settled: () => Promise<void>
  close: () => Promise<void>
}

/** Numbered keys as arrays, for reading in tests (`line_items: [{ quantity: '1' }]`). */
const readable = (value: FormValue): unknown => {
  if (typeof value === 'string') {
    return value
  }
  const items = listOf(value)
  if (items && Object.keys(value).every((key, index) => key === String(index))) {
    return items.map(readable)
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, readable(item)]))
}

const readBody = (req: http.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })

const sortedError = (error: StripeErrorBody & { request_log_url?: string }) =>
  Object.fromEntries(Object.entries(error).sort(([a], [b]) => a.localeCompare(b)))

const DEFAULT_FAULTS: Record<number, StripeErrorBody> = {
  429: { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' },
  500: { type: 'api_error', message: 'An unknown error occurred' },
}

type Stored = { method: string; path: string; params: string; status: number; body: string; requestId: string }

/**
 * A loopback Stripe for tests, which the real `stripe` SDK talks to:
 * `new Stripe(secretKey, { host: standIn.host, port: standIn.port, protocol: 'http' })`. It
 * speaks Stripe's wire format (form-encoded bracket-notation bodies, JSON objects and errors,
 * Idempotency-Key replays, Stripe-Account for Connect) for Checkout Sessions, PaymentIntents,
 * refunds, subscriptions, customers, and Connect's accounts and account links; serves a hosted
 * Checkout page at each session's `url` and a hosted onboarding page at each account link's;
 * and sends signed webhooks to `webhookUrl`, awaiting the answers so tests need no sleeps.
 */
export const startStripeStandIn = async (options: StripeStandInOptions = {}): Promise<StripeStandIn> => {
  const secretKey = options.secretKey ?? 'sk_test_standin_0123456789abcdef'
  const webhookSecret = options.webhookSecret ?? 'whsec_standin_0123456789abcdef'
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`

  const ledger = createLedger({ hostedPageUrl: (id) => `${url}/c/pay/${id}` })
  const connect = createAccounts({ onboardingPageUrl: (account, link) => `${url}/setup/e/${account}/${link}` })
  const api = createApi(ledger, connect)
  const webhooks = createWebhookSender({ webhookSecret, connectWebhookSecret: options.connectWebhookSecret, webhookUrl: options.webhookUrl })
  const requests: RecordedRequest[] = []
  const events: EventObject[] = []
  const faults: (FailRule & { left: number })[] = []
  const delays: number[] = []
  const stored = new Map<string, Stored>()
  const inFlight = new Set<string>()

  const happen = async (made: EventObject[], deliver = true): Promise<Happened> => {
    events.push(...made)
    return { events: made, answers: deliver ? await webhooks.deliverAll(made) : [] }
  }

  const answer = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string>) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers })
    res.end(body)
  }

  const errorBody = (error: StripeErrorBody, requestId: string) =>
    JSON.stringify({ error: sortedError({ ...error, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}?t=${nowSeconds()}` }) }, null, 2)

  const authFault = (authorization: string | undefined): StripeFault | undefined => {
    let key: string | undefined
    if (authorization?.startsWith('Bearer ')) {
      key = authorization.slice('Bearer '.length).trim()
    } else if (authorization?.startsWith('Basic ')) {
      key = Buffer.from(authorization.slice('Basic '.length), 'base64').toString('utf8').split(':')[0]
    }
    if (!key) {
      return new StripeFault(401, {
        type: 'invalid_request_error',
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      })
    }
    if (key !== secretKey) {
      const shown = key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}` : key
      return new StripeFault(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${shown}` })
    }
    return undefined
  }

  const takeFault = (method: string, path: string): (FailRule & { left: number }) | undefined => {
    const rule = faults.find(
      (candidate) =>
        (candidate.method === undefined || candidate.method.toUpperCase() === method) &&
        (candidate.path === undefined || (typeof candidate.path === 'string' ? path.startsWith(candidate.path) : candidate.path.test(path))),
    )
    if (rule && --rule.left <= 0) {
      faults.splice(faults.indexOf(rule), 1)
    }
    return rule
  }

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, target: URL, body: string) => {
    const method = (req.method ?? 'GET').toUpperCase()
    const header = (name: string) => {
      const value = req.headers[name]
      return Array.isArray(value) ? value[0] : value
    }
    const requestId = newId('req_', 14)
    const idempotencyKey = header('idempotency-key')
    const stripeAccount = header('stripe-account')
    const record: RecordedRequest = {
      method,
      path: target.pathname,
      params: {},
      idempotencyKey,
      stripeAccount,
      stripeVersion: header('stripe-version'),
      requestId,
      status: 0,
      replayed: false,
    }
    requests.push(record)
    const headers: Record<string, string> = {
      'request-id': requestId,
      'stripe-version': record.stripeVersion ?? API_VERSION,
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      ...(stripeAccount ? { 'stripe-account': stripeAccount } : {}),
    }
    const send = (status: number, text: string, extra: Record<string, string> = {}) => {
      record.status = status
      answer(res, status, text, { ...headers, ...extra })
    }
    const fail = (fault: StripeFault) => send(fault.status, errorBody(fault.error, requestId), fault.status === 401 ? { 'www-authenticate': 'Basic realm="Stripe"' } : {})

    let form: FormObject
    try {
      form = parseFormBody(method === 'POST' ? body : target.search.slice(1))
    } catch (error) {
      if (error instanceof FormBodyError) {
        fail(new StripeFault(400, { type: 'invalid_request_error', message: error.message, param: error.param }))
        return
      }
      throw error
    }
    record.params = readable(form) as Record<string, unknown>

    const fault = takeFault(method, target.pathname)
    if (fault && !fault.dropAfterHandling) {
      const status = fault.status ?? 500
      fail(new StripeFault(status, fault.error ?? DEFAULT_FAULTS[status] ?? DEFAULT_FAULTS[500]))
      return
    }
    const unauthorized = authFault(header('authorization'))
    if (unauthorized) {
      fail(unauthorized)
      return
    }
    if (stripeAccount !== undefined && !/^acct_[A-Za-z0-9_]+$/.test(stripeAccount)) {
      fail(
        new StripeFault(403, {
          type: 'invalid_request_error',
          message: `The provided key '${secretKey.slice(0, 8)}***' does not have access to account '${stripeAccount}' (or that account does not exist). Application access may have been revoked.`,
        }),
      )
      return
    }
    const handler = api.route(method, target.pathname)
    if (!handler) {
      fail(
        new StripeFault(404, {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${method}: ${target.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        }),
      )
      return
    }

    // Idempotency is kept per secret key and account, for POSTs (the SDK keys every one).
    const scope = method === 'POST' && idempotencyKey ? `${secretKey}\u0000${stripeAccount ?? ''}\u0000${idempotencyKey}` : undefined
    const sent = canonical(form)
    if (scope) {
      const earlier = stored.get(scope)
      if (earlier) {
        if (earlier.path !== target.pathname || earlier.method !== method) {
          fail(
            new StripeFault(400, {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${earlier.path}' vs '${target.pathname}'). Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            }),
          )
          return
        }
        if (earlier.params !== sent) {
          fail(
            new StripeFault(400, {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            }),
          )
          return
        }
        record.replayed = true
        send(earlier.status, earlier.body, { 'idempotent-replayed': 'true', 'original-request': earlier.requestId })
        return
      }
      if (inFlight.has(scope)) {
        fail(
          new StripeFault(409, {
            type: 'idempotency_error',
            code: 'idempotency_key_in_use',
            message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${idempotencyKey}. Please try again later.`,
          }),
        )
        return
      }
    }

    let result: ApiAnswer
    try {
      if (scope) {
        inFlight.add(scope)
      }
      // A slow request (delayNext) is slow while it runs: a second one with its key meets the 409.
      const delay = delays.shift()
      if (delay) {
        await new Promise((resolve) => setTimeout(resolve, delay))
      }
      result = handler({ method, path: target.pathname, params: readParams(form), account: stripeAccount, request: { id: requestId, idempotencyKey: idempotencyKey ?? null } })
    } catch (error) {
      if (error instanceof StripeFault) {
        // Stripe keeps no idempotent result for a request refused before it ran (bad parameters).
        fail(error)
        return
      }
      throw error
    } finally {
      if (scope) {
        inFlight.delete(scope)
      }
    }
    const text = JSON.stringify(result.body, null, 2)
    if (scope) {
      stored.set(scope, { method, path: target.pathname, params: sent, status: 200, body: text, requestId })
    }
    events.push(...result.events)
    if (fault?.dropAfterHandling) {
      // Handled and then lost on the way back: the client sees its connection closed.
      res.socket?.destroy()
    } else {
      send(200, text)
    }
    // Stripe sends a change's events after answering the request that made it.
    if (result.events.length > 0) {
      void webhooks.deliverAll(result.events)
    }
  }

  const handleHostedPage = async (req: http.IncomingMessage, res: http.ServerResponse, path: string) => {
    const match = /^\/c\/pay\/([^/]+)(?:\/(pay|cancel))?$/.exec(path)
    const session = match ? ledger.sessions.get(decodeURIComponent(match[1])) : undefined
    const html = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) })
      res.end(text)
    }
    const redirect = (location: string) => {
      res.writeHead(303, { location, 'content-length': '0' })
      res.end()
    }
    if (!match || !session) {
      html(404, notFoundPage())
      return
    }
    const action = match[2]
    if (!action && req.method === 'GET') {
      html(200, checkoutPage(session, ledger.sessionRecords.get(session.id)?.lineItems ?? []))
      return
    }
    if (req.method !== 'POST' || !action) {
      html(405, notFoundPage())
      return
    }
    if (action === 'cancel') {
      if (session.cancel_url) {
        redirect(session.cancel_url)
      } else {
        html(404, notFoundPage())
      }
      return
    }
    if (session.status === 'expired') {
      html(410, checkoutPage(session, []))
      return
    }
    if (session.status === 'open') {
      // The webhooks are answered before the browser is sent on, so the app has heard of the payment by then.
      await happen(ledger.completeCheckout(session.id, 'paid'))
    }
    redirect((session.success_url ?? url).replaceAll('{CHECKOUT_SESSION_ID}', session.id))
  }

  /**
   * Connect's hosted onboarding at an account link's URL. A link is single-use, as Stripe's are:
   * opened again (a reload, a second tab) or past its expiry it sends the person to the link's
   * `refresh_url` for a new one. Submit completes onboarding and sends `account.updated`, answered
   * before the person is sent to `return_url`; leaving returns them with nothing changed.
   */
  const handleOnboardingPage = async (req: http.IncomingMessage, res: http.ServerResponse, path: string) => {
    const match = /^\/setup\/e\/([^/]+)\/([^/]+)(?:\/(submit|leave))?$/.exec(path)
    const link = match ? connect.links.get(decodeURIComponent(match[2])) : undefined
    const account = link && link.account === decodeURIComponent(match![1]) ? connect.accounts.get(link.account) : undefined
    const html = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) })
      res.end(text)
    }
    const redirect = (location: string) => {
      res.writeHead(303, { location, 'content-length': '0' })
      res.end()
    }
    if (!match || !link || !account) {
      html(404, notFoundPage())
      return
    }
    const action = match[3]
    if (!action && req.method === 'GET') {
      if (link.visited || link.object.expires_at < nowSeconds()) {
        redirect(link.refreshUrl)
        return
      }
      link.visited = true
      html(200, onboardingPage(account, `/setup/e/${encodeURIComponent(account.id)}/${encodeURIComponent(match[2])}`))
      return
    }
    if (req.method !== 'POST' || !action || !link.visited) {
      html(405, notFoundPage())
      return
    }
    if (action === 'submit' && !account.charges_enabled) {
      await happen(connect.completeOnboarding(account.id))
    }
    redirect(link.returnUrl)
  }

  server.on('request', (req, res) => {
    void (async () => {
      const body = await readBody(req)
      const target = new URL(req.url ?? '/', url)
      if (target.pathname.startsWith('/setup/e/')) {
        await handleOnboardingPage(req, res, target.pathname)
      } else if (target.pathname.startsWith('/c/pay/')) {
        await handleHostedPage(req, res, target.pathname)
      } else {
        await handleApi(req, res, target, body)
      }
    })().catch((error: unknown) => {
      // A fault in the stand-in itself: Stripe's 500, with the cause in the message for whoever reads the test's output.
      if (!res.headersSent) {
        answer(res, 500, JSON.stringify({ error: { type: 'api_error', message: `Stripe stand-in failure: ${String(error)}` } }), {})
      }
    })
  })

  return {
    url,
    host: '127.0.0.1',
    port,
    secretKey,
    webhookSecret,
    connectWebhookSecret: options.connectWebhookSecret,
    requests,
    delivered: webhooks.delivered,
    events,
    sessions: ledger.sessions,
    accounts: connect.accounts,
    accountLinks: connect.links,
    lookup: ledger.lookup,
    setWebhookUrl: webhooks.setUrl,
    completeCheckout: (sessionId, { outcome = 'paid', deliver = true } = {}) => happen(ledger.completeCheckout(sessionId, outcome), deliver),
    renewSubscription: (subscriptionId, { paid, deliver = true }) => happen(ledger.renewSubscription(subscriptionId, { paid }), deliver),
    cancelSubscription: (subscriptionId, { deliver = true } = {}) => happen(ledger.cancelSubscriptionNow(subscriptionId), deliver),
    completeOnboarding: (accountId, { deliver = true } = {}) => happen(connect.completeOnboarding(accountId), deliver),
    requireInformation: (accountId, due, { deliver = true } = {}) => happen(connect.requireInformation(accountId, due), deliver),
    deliver: webhooks.deliver,
    makeEvent,
    failNext: (rule) => {
      if (rule.status === undefined && !rule.dropAfterHandling) {
        throw new Error('failNext needs a status, or dropAfterHandling')
      }
      faults.push({ ...rule, left: rule.times ?? 1 })
    },
    delayNext: (ms) => {
      delays.push(ms)
    },
    settled: webhooks.settled,
    close: async () => {
      await webhooks.settled()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        // The SDK keeps connections alive; they would hold the close open.
        server.closeAllConnections()
      })
    },
  }
}
