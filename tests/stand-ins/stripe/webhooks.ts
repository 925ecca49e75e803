import { createHmac } from 'node:crypto'
import http from 'node:http'

import { API_VERSION, type EventObject, newId, nowSeconds } from './objects'

export type DeliveryAnswer = { status: number; body: string }
export type Delivery = { event: EventObject; status: number; body: string }

export type DeliverOptions = {
  /** Send the same event this many times, one after the other (Stripe delivers at least once). */
  times?: number
  /** Sign with this secret instead of the endpoint's: a forgery. */
  secret?: string
  /** The signing time in Unix seconds (an old one for a replay); now by default. */
  timestamp?: number
  /** A `Stripe-Signature` value sent as it is, instead of one computed. */
  signature?: string
  /** The body sent, instead of the event's JSON that was signed: tampered after signing. */
  body?: string
}

export type MakeEventOptions = {
  /** The connected account the object belongs to (Connect); the event then carries it. */
  account?: string
  previousAttributes?: Record<string, unknown>
  /** The API request that caused the event, if any. */
  request?: { id: string | null; idempotencyKey: string | null }
}

/**
 * An event as Stripe sends it to an endpoint. The object is copied as it is now, so later
 * changes to the stand-in's state do not rewrite an event already made (Stripe's events are
 * snapshots too).
 */
export const makeEvent = (type: string, object: object, options: MakeEventOptions = {}): EventObject => ({
  id: newId('evt_'),
  object: 'event',
  ...(options.account ? { account: options.account } : {}),
  api_version: API_VERSION,
  created: nowSeconds(),
  data: { object: structuredClone(object), ...(options.previousAttributes ? { previous_attributes: structuredClone(options.previousAttributes) } : {}) },
  livemode: false,
  pending_webhooks: 1,
  request: { id: options.request?.id ?? null, idempotency_key: options.request?.idempotencyKey ?? null },
  type,
})

/** Stripe's scheme: `t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" under the endpoint's secret>`. */
export const signatureHeader = (payload: string, secret: string, timestamp: number): string =>
  `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex')}`

const post = (url: string, body: string, headers: Record<string, string>): Promise<DeliveryAnswer> =>
  new Promise((resolve) => {
    // A fresh connection each time (no agent): nothing is left open to hold a receiver's close.
    const request = http.request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      response.on('error', (error) => resolve({ status: 0, body: String(error) }))
    })
    request.on('timeout', () => request.destroy(new Error('timed out after 30 s')))
    // A receiver that is down answers nothing: status 0, as the Dashboard shows a failed delivery.
    request.on('error', (error) => resolve({ status: 0, body: String(error) }))
    request.end(body)
  })

export type WebhookSender = ReturnType<typeof createWebhookSender>

/**
 * Deliveries to one webhook URL. One call's events go one after the other, each once the
 * previous was answered; separate calls run side by side, as Stripe's deliveries do.
 */
export const createWebhookSender = (options: { webhookSecret: string; connectWebhookSecret?: string; webhookUrl?: string }) => {
  let url = options.webhookUrl
  const pending = new Set<Promise<unknown>>()
  const delivered: Delivery[] = []

  const secretFor = (event: EventObject) => (event.account && options.connectWebhookSecret ? options.connectWebhookSecret : options.webhookSecret)

  const sendOnce = async (event: EventObject, opts: DeliverOptions): Promise<DeliveryAnswer> => {
    if (!url) {
      return { status: 0, body: 'no webhook URL set' }
    }
    // Stripe's payloads are pretty-printed JSON; the signature covers these exact bytes.
    const payload = JSON.stringify(event, null, 2)
    const signature = opts.signature ?? signatureHeader(payload, opts.secret ?? secretFor(event), opts.timestamp ?? nowSeconds())
    const answer = await post(url, opts.body ?? payload, {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'stripe-signature': signature,
      'cache-control': 'no-cache',
      accept: '*/*; q=0.5, application/xml',
    })
    delivered.push({ event, ...answer })
    return answer
  }

  const track = <T>(work: Promise<T>): Promise<T> => {
    pending.add(work)
    const done = () => pending.delete(work)
    work.then(done, done)
    return work
  }

  const deliver = (event: EventObject, opts: DeliverOptions = {}): Promise<DeliveryAnswer[]> =>
    track(
      (async () => {
        const answers: DeliveryAnswer[] = []
        for (let i = 0; i < (opts.times ?? 1); i++) {
          answers.push(await sendOnce(event, opts))
        }
        return answers
      })(),
    )

  const deliverAll = (events: EventObject[]): Promise<DeliveryAnswer[]> =>
    track(
      (async () => {
        const answers: DeliveryAnswer[] = []
        for (const event of events) {
          answers.push(await sendOnce(event, {}))
        }
        return answers
      })(),
    )

  return {
    delivered,
    deliver,
    /** The events in turn, each sent once the one before was answered; their answers in the same order. */
    deliverAll,
    /** Resolves once every delivery started so far has been answered. */
    settled: async (): Promise<void> => {
      while (pending.size > 0) {
        await Promise.allSettled([...pending])
      }
    },
    setUrl: (next: string) => {
      url = next
    },
  }
}
