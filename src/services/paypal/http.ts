import { fetchFailureReason, fetchWithRetries, parseBody } from '@/services/http'

import { PayPalError } from './errors'

export type Answer = { status: number; body: unknown; debugId?: string }

/** Retries after the first attempt, for network failures and 5xx only. */
const RETRIES = 2
const BACKOFF_MS = 200

const timedOut = (what: string, timeoutMs: number, cause: unknown): PayPalError =>
  new PayPalError({ status: 0, name: 'TIMEOUT', message: `PayPal ${what} got no answer within ${timeoutMs} ms`, cause })

const backoffMs = (attempt: number): number => BACKOFF_MS * 2 ** attempt + Math.floor(Math.random() * 100)

/**
 * One HTTP exchange with PayPal. Network failures and 5xx are retried (twice, short backoff):
 * safe for POSTs too, because every write carries a PayPal-Request-Id PayPal deduplicates on.
 * 4xx come back as answers for the caller to judge; `signal` bounds every attempt and pause.
 */
export const send = ({
  url,
  method,
  headers,
  body,
  signal,
  timeoutMs,
  what,
}: {
  url: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
  signal: AbortSignal
  timeoutMs: number
  /** For messages: `POST /v2/checkout/orders`, never anything secret. */
  what: string
}): Promise<Answer> =>
  fetchWithRetries<Answer>({
    url,
    init: { method, headers, body, redirect: 'manual' },
    signal,
    onResponse: async (response, attempt) => {
      const text = await response.text()
      if (response.status < 500 || attempt >= RETRIES) {
        return { answer: { status: response.status, body: parseBody(text), debugId: response.headers.get('paypal-debug-id') ?? undefined } }
      }
      return { retryInMs: backoffMs(attempt) }
    },
    onFailure: (error, attempt) => {
      if (attempt >= RETRIES) {
        throw new PayPalError({ status: 0, name: 'NETWORK_ERROR', message: `PayPal ${what} could not be completed: ${fetchFailureReason(error)}`, cause: error })
      }
      return backoffMs(attempt)
    },
    timedOut: (cause) => timedOut(what, timeoutMs, cause),
  })
