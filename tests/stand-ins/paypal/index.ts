import crypto from 'node:crypto'
import type http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'

import { flatHeaders } from '../shared/flatHeaders'
import type { LoggedRequest } from '../shared/loggedRequest'
import { type RequestMatch, type RequestRule, takeRule } from '../shared/requestRules'
import { startLoopbackServer } from '../shared/startLoopbackServer'
import { createLedger, merchantFor, type Payer } from './orders'
import { createWebhooks, type SendWebhookOptions, type WebhookDelivery, type WebhookEvent } from './webhooks'
import { debugId, failure, now, paypalId, type Reply } from './wire'

export type { RequestMatch } from '../shared/requestRules'
export type { Payer } from './orders'
export type { SendWebhookOptions, WebhookDelivery, WebhookEvent, WebhookTransmission } from './webhooks'

/** One PayPal REST app: a school's account. */
export type PayPalStandInAccount = { clientId: string; clientSecret: string }

export type RecordedRequest = LoggedRequest & {
  /** The PayPal-Request-Id header, if any. */
  requestId?: string
  /** The account the request was made as (from its token or basic credentials), when known. */
  clientId?: string
}

export type FailNext = RequestMatch & {
  /** Answered with PayPal's error body for that status (500 INTERNAL_SERVER_ERROR, 503 SERVICE_UNAVAILABLE...); 0 drops the connection. */
  status: number
  times?: number
  /** Do the work first and then fail: the answer is lost though the capture (say) was made. */
  afterHandling?: boolean
}

export type PayPalStandIn = {
  baseUrl: string
  accounts: PayPalStandInAccount[]
  requests: RecordedRequest[]
  /** The payer approves (as the checkout page's Approve does); returns the return_url PayPal would send the browser to. */
  approve: (orderId: string, payer?: Partial<Payer>) => string | undefined
  /** The next capture is refused with 422 INSTRUMENT_DECLINED and the order waits for approval again. */
  declineNextCapture: () => void
  failNext: (rule: FailNext) => void
  /** Holds matching requests this long before handling them (to test timeouts). */
  delayNext: (rule: RequestMatch & { ms: number; times?: number }) => void
  /** Every token of an account (all when left out) stops working: the next call answers 401. */
  revokeTokens: (clientId?: string) => void
  registerWebhook: (accountClientId: string, url: string) => string
  sendWebhook: (url: string, eventType: string, resource: unknown, options: SendWebhookOptions) => Promise<{ event: WebhookEvent; deliveries: WebhookDelivery[] }>
  /** PayPal's representation of an order, capture or refund (whatever account it belongs to). */
  order: (id: string) => Record<string, unknown>
  capture: (id: string) => Record<string, unknown>
  refund: (id: string) => Record<string, unknown>
  /** The PEM served at the cert URL webhooks name. */
  certificatePem: string
  close: () => Promise<void>
}

const parseJson = (text: string): { value: unknown } | { malformed: true } => {
  if (!text) {
    return { value: undefined }
  }
  try {
    return { value: JSON.parse(text) as unknown }
  } catch {
    return { malformed: true }
  }
}

const SCOPES = [
  'https://uri.paypal.com/services/payments/payment',
  'https://uri.paypal.com/services/payments/refund',
  'https://uri.paypal.com/services/applications/webhooks',
  'https://uri.paypal.com/services/payments/realtimepayment',
]

const oauthError = (status: number, error: string, description: string): Reply => ({ status, body: { error, error_description: description } })

/**
 * PayPal's REST API on 127.0.0.1 for several accounts (one per school): OAuth client-credentials
 * tokens that expire, Orders v2 (create, show, capture) with the hosted checkout page reduced to
 * Approve and Cancel, Payments v2 captures and refunds, webhooks signed for real and verified by
 * verify-webhook-signature. Writes honour PayPal-Request-Id: a repeat answers 200 with the
 * resource's current state and does nothing again (PayPal: "returns the latest status").
 */
export const startPayPalStandIn = async ({
  accounts,
  tokenTtlSeconds = 32400,
}: {
  accounts: PayPalStandInAccount[]
  tokenTtlSeconds?: number
}): Promise<PayPalStandIn> => {
  const byClientId = new Map(accounts.map((account) => [account.clientId, account]))
  const tokens = new Map<string, { clientId: string; expiresAt: number }>()
  const idempotent = new Map<string, () => unknown>()
  const faults: RequestRule<Omit<FailNext, keyof RequestMatch>>[] = []
  const delays: RequestRule<{ ms: number }>[] = []
  const requests: RecordedRequest[] = []

  const { baseUrl, serve, close } = await startLoopbackServer({ name: 'paypal stand-in' })
  const ledger = createLedger({ base: baseUrl, merchant: merchantFor })
  const webhooks = createWebhooks({ base: baseUrl })

  const issueToken = (req: http.IncomingMessage, text: string, record: RecordedRequest): Reply => {
    const [scheme, encoded = ''] = (req.headers.authorization ?? '').split(' ')
    const credentials = scheme?.toLowerCase() === 'basic' ? Buffer.from(encoded, 'base64').toString('utf8') : ''
    const colon = credentials.indexOf(':')
    const account = colon > 0 ? byClientId.get(credentials.slice(0, colon)) : undefined
    if (!account || account.clientSecret !== credentials.slice(colon + 1)) {
      return oauthError(401, 'invalid_client', 'Client Authentication failed')
    }
    record.clientId = account.clientId
    const grant = new URLSearchParams(text).get('grant_type')
    if (!grant) {
      return oauthError(400, 'unsupported_grant_type', 'Grant Type is NULL')
    }
    if (grant !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', `Grant Type is not supported: ${grant}`)
    }
    const accessToken = `A21AA${crypto.randomBytes(48).toString('base64url')}`
    tokens.set(accessToken, { clientId: account.clientId, expiresAt: Date.now() + tokenTtlSeconds * 1000 })
    return {
      status: 200,
      body: {
        scope: SCOPES.join(' '),
        access_token: accessToken,
        token_type: 'Bearer',
        app_id: `APP-${merchantFor(account.clientId).merchantId}`,
        expires_in: tokenTtlSeconds,
        nonce: `${now()}${crypto.randomBytes(16).toString('base64url')}`,
      },
    }
  }

  /** The account a bearer token stands for, if it is one of ours and has not expired. */
  const bearer = (req: http.IncomingMessage): string | undefined => {
    const match = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')
    const token = match?.[1] ? tokens.get(match[1]) : undefined
    return token && token.expiresAt > Date.now() ? token.clientId : undefined
  }

  const API_ROUTES: { method: string; pattern: RegExp; handle: (clientId: string, id: string, body: unknown, prefer: string | undefined) => Reply }[] = [
    { method: 'POST', pattern: /^\/v2\/checkout\/orders$/, handle: (clientId, _id, body, prefer) => ledger.createOrder(clientId, body, prefer) },
    { method: 'GET', pattern: /^\/v2\/checkout\/orders\/([^/]+)$/, handle: (clientId, id) => ledger.getOrder(clientId, id) },
    { method: 'POST', pattern: /^\/v2\/checkout\/orders\/([^/]+)\/capture$/, handle: (clientId, id, _body, prefer) => ledger.captureOrder(clientId, id, prefer) },
    { method: 'GET', pattern: /^\/v2\/payments\/captures\/([^/]+)$/, handle: (clientId, id) => ledger.getCapture(clientId, id) },
    {
      method: 'POST',
      pattern: /^\/v2\/payments\/captures\/([^/]+)\/refund$/,
      handle: (clientId, id, body, prefer) => ledger.refundCapture(clientId, id, body, prefer),
    },
    { method: 'GET', pattern: /^\/v2\/payments\/refunds\/([^/]+)$/, handle: (clientId, id) => ledger.getRefund(clientId, id) },
    { method: 'POST', pattern: /^\/v1\/notifications\/verify-webhook-signature$/, handle: (clientId, _id, body) => webhooks.verify(clientId, body) },
  ]

  const route = (req: http.IncomingMessage, url: URL, text: string, record: RecordedRequest): Reply => {
    const method = req.method ?? 'GET'
    const path = url.pathname
    if (path === '/v1/oauth2/token') {
      return method === 'POST' ? issueToken(req, text, record) : failure(405)
    }
    // The payer's browser and the certificate need no token.
    if (path === '/checkoutnow' && method === 'GET') {
      return ledger.checkoutPage(url.searchParams.get('token') ?? '')
    }
    if ((path === '/checkoutnow/approve' || path === '/checkoutnow/cancel') && method === 'POST') {
      return ledger.checkoutAction(path.endsWith('approve') ? 'approve' : 'cancel', new URLSearchParams(text).get('token') ?? '')
    }
    const certificate = method === 'GET' ? webhooks.certificate(path) : undefined
    if (certificate) {
      return certificate
    }
    const found = API_ROUTES.map((candidate) => ({ candidate, match: candidate.pattern.exec(path) })).filter(({ match }) => match)
    if (found.length === 0) {
      return failure(404)
    }
    const hit = found.find(({ candidate }) => candidate.method === method)
    if (!hit) {
      return failure(405)
    }
    const clientId = bearer(req)
    if (!clientId) {
      return failure(401)
    }
    record.clientId = clientId
    if (text && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return failure(415)
    }
    const parsed = parseJson(text)
    if ('malformed' in parsed) {
      return failure(400, [{ issue: 'MALFORMED_REQUEST_JSON', description: 'The request JSON is not well formed.' }])
    }
    let id: string
    try {
      id = decodeURIComponent(hit.match?.[1] ?? '')
    } catch {
      return failure(404)
    }
    const prefer = record.headers.prefer
    const handle = () => hit.candidate.handle(clientId, id, parsed.value, prefer)
    // A write seen before (same account, endpoint and PayPal-Request-Id) is answered again, not done again.
    const requestId = record.requestId
    if (method !== 'POST' || !requestId) {
      return handle()
    }
    const key = `${clientId}\n${path}\n${requestId}`
    const earlier = idempotent.get(key)
    if (earlier) {
      return { status: 200, body: earlier() }
    }
    const reply = handle()
    if (reply.status < 300 && reply.replay) {
      idempotent.set(key, reply.replay)
    }
    return reply
  }

  const answer = (res: http.ServerResponse, reply: Reply) => {
    const headers: Record<string, string> = { 'Paypal-Debug-Id': debugId(), ...reply.headers }
    if (reply.text !== undefined) {
      res.writeHead(reply.status, headers).end(reply.text)
    } else {
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...headers }).end(reply.body === undefined ? '' : JSON.stringify(reply.body))
    }
  }

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, text: string) => {
    const url = new URL(req.url ?? '/', baseUrl)
    const method = req.method ?? 'GET'
    const headers = flatHeaders(req.headers)
    const record: RecordedRequest = { method, path: url.pathname, search: url.search, headers, requestId: headers['paypal-request-id'] }
    requests.push(record)
    const delay = takeRule(delays, method, url.pathname)
    if (delay) {
      await sleep(delay.ms)
    }
    const fault = takeRule(faults, method, url.pathname)
    const reply = fault && !fault.afterHandling ? undefined : route(req, url, text, record)
    if (fault) {
      record.status = fault.status
      if (fault.status === 0) {
        res.destroy()
        return
      }
      answer(res, failure(fault.status))
      return
    }
    if (reply) {
      record.status = reply.status
      answer(res, reply)
    }
  }

  serve({
    handle,
    failed: (res) => {
      if (!res.headersSent) {
        answer(res, failure(500))
      }
    },
  })

  return {
    baseUrl,
    accounts,
    requests,
    approve: ledger.approve,
    declineNextCapture: ledger.declineNextCapture,
    failNext: ({ times = 1, ...rule }) => {
      faults.push({ ...rule, left: times })
    },
    delayNext: ({ times = 1, ...rule }) => {
      delays.push({ ...rule, left: times })
    },
    revokeTokens: (clientId) => {
      for (const [token, owner] of tokens) {
        if (!clientId || owner.clientId === clientId) {
          tokens.delete(token)
        }
      }
    },
    registerWebhook: (accountClientId, url) => {
      if (!byClientId.has(accountClientId)) {
        throw new Error(`No account ${accountClientId} at the PayPal stand-in`)
      }
      return webhooks.register(accountClientId, url)
    },
    sendWebhook: (url, eventType, resource, options) => webhooks.send(url, eventType, resource, options),
    order: ledger.order,
    capture: ledger.capture,
    refund: ledger.refund,
    certificatePem: webhooks.certificatePem,
    close,
  }
}

/** A pair of test credentials in PayPal's look (80-character client id and secret). */
export const payPalTestAccount = (): PayPalStandInAccount => ({
  clientId: `A${paypalId(79)}`,
  clientSecret: `E${crypto.randomBytes(60).toString('base64url').slice(0, 79)}`,
})
