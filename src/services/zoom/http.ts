import { setTimeout as sleep } from 'node:timers/promises'

import { ZoomError } from './errors'
import { backoffMs, type RetryPolicy, retryAfterSeconds } from './retry'

export type Answer = {
  status: number
  /** Parsed JSON, or the text when it is not JSON; undefined for an empty body or a stream. */
  body: unknown
  trackingId?: string
  /** From Retry-After, when Zoom sent one. */
  retryAfterSeconds?: number
  /** The response itself, its body unread, when a 2xx was asked for as a stream. */
  response?: Response
}

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

const timedOut = (what: string, timeoutMs: number, cause: unknown): ZoomError =>
  new ZoomError({ status: 0, code: 'TIMEOUT', message: `Zoom ${what} got no answer within ${timeoutMs} ms`, cause })

/** Why fetch failed, in words that carry no headers (tokens travel only in headers). */
const reason = (error: unknown): string => {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause
  return String(cause?.code ?? cause?.message ?? (error as Error | undefined)?.message ?? error)
}

/** A connection refused never reached Zoom: even a write is safe to send again. */
const neverSent = (error: unknown): boolean => (error as { cause?: { code?: unknown } } | undefined)?.cause?.code === 'ECONNREFUSED'

/**
 * One HTTP exchange with Zoom, tried again as `policy` says. A 429 is always tried again
 * (Zoom refuses it before doing anything), after Retry-After when Zoom sends one no longer
 * than the policy's bound; a longer one comes back as the answer. 5xx and lost connections are
 * tried again only when `idempotent`: Zoom takes no idempotency keys, so a meeting created
 * twice would be two meetings. Other statuses come back for the caller to judge; `signal`
 * bounds every try and pause.
 */
export const send = async ({
  url,
  method,
  headers,
  body,
  signal,
  timeoutMs,
  what,
  policy,
  idempotent,
  stream = false,
  now = Date.now,
}: {
  url: string
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  headers: Record<string, string>
  body?: string
  signal: AbortSignal
  timeoutMs: number
  /** For messages: `POST /users/me/meetings`, never anything secret. */
  what: string
  policy: RetryPolicy
  idempotent: boolean
  /** Leave a 2xx body unread and hand the response over (downloads); redirects are then followed. */
  stream?: boolean
  now?: () => number
}): Promise<Answer> => {
  for (let attempt = 0; ; attempt++) {
    let pauseMs: number
    let failure: unknown
    try {
      const response = await fetch(url, { method, headers, body, signal, redirect: stream ? 'follow' : 'manual' })
      const trackingId = response.headers.get('x-zm-trackingid') ?? undefined
      const after = retryAfterSeconds(response.headers.get('retry-after'), now())
      if (stream && response.ok) {
        return { status: response.status, body: undefined, trackingId, response }
      }
      const answer: Answer = { status: response.status, body: parse(await response.text()), trackingId, retryAfterSeconds: after }
      const again = response.status === 429 || (response.status >= 500 && idempotent)
      if (!again || attempt >= policy.retries || (after !== undefined && after > policy.maxRetryAfterSeconds)) {
        return answer
      }
      pauseMs = after === undefined ? backoffMs(policy, attempt) : after * 1000
    } catch (error) {
      if (signal.aborted) {
        throw timedOut(what, timeoutMs, error)
      }
      if (attempt >= policy.retries || !(idempotent || neverSent(error))) {
        throw new ZoomError({ status: 0, code: 'NETWORK_ERROR', message: `Zoom ${what} could not be completed: ${reason(error)}`, cause: error })
      }
      failure = error
      pauseMs = backoffMs(policy, attempt)
    }
    try {
      await sleep(pauseMs, undefined, { signal })
    } catch {
      throw timedOut(what, timeoutMs, failure)
    }
  }
}
