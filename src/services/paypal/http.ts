import { setTimeout as sleep } from 'node:timers/promises'

import { PayPalError } from './errors'

export type Answer = { status: number; body: unknown; debugId?: string }

/** Retries after the first attempt, for network failures and 5xx only. */
const RETRIES = 2
const BACKOFF_MS = 200

const parse = (text: string): unknown => {
  if (!text) {
    return undefined
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

const timedOut = (what: string, timeoutMs: number, cause: unknown): PayPalError =>
  new PayPalError({ status: 0, name: 'TIMEOUT', message: `PayPal ${what} got no answer within ${timeoutMs} ms`, cause })

/** Why fetch failed, in words that carry no URL credentials or headers (there are none in the URL anyway). */
const reason = (error: unknown): string => {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause
  return String(cause?.code ?? cause?.message ?? (error as Error | undefined)?.message ?? error)
}

/**
 * One HTTP exchange with PayPal. Network failures and 5xx are retried (twice, short backoff):
 * safe for POSTs too, because every write carries a PayPal-Request-Id PayPal deduplicates on.
 * 4xx come back as answers for the caller to judge; `signal` bounds every attempt and pause.
 */
export const send = async ({
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
}): Promise<Answer> => {
  for (let attempt = 0; ; attempt++) {
    let failure: unknown
    try {
      const response = await fetch(url, { method, headers, body, signal, redirect: 'manual' })
      const text = await response.text()
      if (response.status < 500 || attempt >= RETRIES) {
        return { status: response.status, body: parse(text), debugId: response.headers.get('paypal-debug-id') ?? undefined }
      }
    } catch (error) {
      if (signal.aborted) {
        throw timedOut(what, timeoutMs, error)
      }
      if (attempt >= RETRIES) {
        throw new PayPalError({ status: 0, name: 'NETWORK_ERROR', message: `PayPal ${what} could not be completed: ${reason(error)}`, cause: error })
      }
      failure = error
    }
    try {
      await sleep(BACKOFF_MS * 2 ** attempt + Math.floor(Math.random() * 100), undefined, { signal })
    } catch {
      throw timedOut(what, timeoutMs, failure)
    }
  }
}
