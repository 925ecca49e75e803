import crypto from 'node:crypto'
import http from 'node:http'

/** One POST as it left the stand-in: a test can send it again, byte for byte, to play an attacker replaying it. */
export type WebhookTransmission = { url: string; headers: Record<string, string>; body: string }

/** A transmission and the receiver's answer (status 0 when it could not be reached). */
export type WebhookDelivery = WebhookTransmission & { status: number; answer: string }

export type DeliverOptions = {
  /** Deliveries of the same event, one after the other, each signed afresh as Zoom's retries are. */
  times?: number
  /** Signed with a secret that is not the app's: a forgery. */
  forge?: boolean
  /** The signing time in Unix seconds (an old one: a stale event); now by default. */
  timestamp?: number
  /** An `x-zm-signature` sent as it is, instead of one computed. */
  signature?: string
  /** The body changed after signing. */
  tamper?: (body: string) => string
}

/** Zoom's scheme: `v0=` + hex(HMAC-SHA256(secret, `v0:{timestamp}:{body}`)). */
export const zoomSignature = (secret: string, timestamp: number | string, body: string): string =>
  `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`, 'utf8').digest('hex')}`

const post = (url: string, body: string, headers: Record<string, string>): Promise<{ status: number; answer: string }> =>
  new Promise((resolve) => {
    // A fresh connection each time (no agent): nothing is left open to hold a receiver's close.
    const request = http.request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, answer: Buffer.concat(chunks).toString('utf8') }))
      response.on('error', (error) => resolve({ status: 0, answer: String(error) }))
    })
    request.on('timeout', () => request.destroy(new Error('timed out after 30 s')))
    request.on('error', (error) => resolve({ status: 0, answer: String(error) }))
    request.end(body)
  })

const nowSeconds = () => Math.floor(Date.now() / 1000)

/**
 * Zoom's webhook deliveries: compact JSON, signed with `x-zm-signature` over
 * `x-zm-request-timestamp` (Unix seconds) and the body, and its URL validation challenge.
 */
export const createWebhookSender = () => {
  const delivered: WebhookDelivery[] = []

  const transmit = async (transmission: WebhookTransmission): Promise<WebhookDelivery> => {
    const delivery = { ...transmission, ...(await post(transmission.url, transmission.body, transmission.headers)) }
    delivered.push(delivery)
    return delivery
  }

  const signed = (url: string, secret: string, event: unknown, options: DeliverOptions): WebhookTransmission => {
    const body = JSON.stringify(event)
    const timestamp = options.timestamp ?? nowSeconds()
    const key = options.forge ? crypto.randomBytes(16).toString('base64url') : secret
    return {
      url,
      body: options.tamper ? options.tamper(body) : body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Zoom Marketplace/1.0a',
        'x-zm-request-timestamp': String(timestamp),
        'x-zm-signature': options.signature ?? zoomSignature(key, timestamp, body),
        'x-zm-trackingid': `Webhook_${crypto.randomBytes(16).toString('hex')}`,
      },
    }
  }

  const deliver = async ({ url, secret, event, options = {} }: { url: string; secret: string; event: unknown; options?: DeliverOptions }): Promise<WebhookDelivery[]> => {
    const deliveries: WebhookDelivery[] = []
    for (let i = 0; i < (options.times ?? 1); i++) {
      deliveries.push(await transmit(signed(url, secret, event, options)))
    }
    return deliveries
  }

  /**
   * Zoom's `endpoint.url_validation`: a plain token the receiver must answer 200 with
   * `{ plainToken, encryptedToken: hex(HMAC-SHA256(secret, plainToken)) }`. Signed like any event.
   */
  const validateUrl = async ({ url, secret, options = {} }: { url: string; secret: string; options?: DeliverOptions }) => {
    const plainToken = crypto.randomBytes(16).toString('base64url').slice(0, 22)
    const event = { payload: { plainToken }, event_ts: Date.now(), event: 'endpoint.url_validation' }
    const delivery = await transmit(signed(url, secret, event, options))
    const expected = crypto.createHmac('sha256', secret).update(plainToken).digest('hex')
    let answer: { plainToken?: unknown; encryptedToken?: unknown } = {}
    try {
      answer = JSON.parse(delivery.answer) as typeof answer
    } catch {
      // Not JSON: not valid either.
    }
    const valid = delivery.status === 200 && answer.plainToken === plainToken && answer.encryptedToken === expected
    return { delivery, plainToken, valid }
  }

  return {
    delivered,
    deliver,
    /** Sends a transmission again exactly as it went (same signature and timestamp): an attacker's replay. */
    replay: (transmission: WebhookTransmission) => transmit({ url: transmission.url, headers: { ...transmission.headers }, body: transmission.body }),
    validateUrl,
  }
}

export type WebhookSender = ReturnType<typeof createWebhookSender>
