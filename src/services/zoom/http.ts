import { fetchFailureReason, fetchWithRetries, parseBody } from '@/services/http'

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

const timedOut = (what: string, timeoutMs: number, cause: unknown): ZoomError =>
  new ZoomError({ status: 0, code: 'TIMEOUT', message: `Zoom ${what} got no answer within ${timeoutMs} ms`, cause })

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
export const send = ({
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
}): Promise<Answer> =>
  fetchWithRetries<Answer>({
    url,
    init: { method, headers, body, redirect: stream ? 'follow' : 'manual' },
    signal,
    onResponse: async (response, attempt) => {
      const trackingId = response.headers.get('x-zm-trackingid') ?? undefined
      const after = retryAfterSeconds(response.headers.get('retry-after'), now())
      if (stream && response.ok) {
        return { answer: { status: response.status, body: undefined, trackingId, response } }
      }
      const answer: Answer = { status: response.status, body: parseBody(await response.text()), trackingId, retryAfterSeconds: after }
      const again = response.status === 429 || (response.status >= 500 && idempotent)
      if (!again || attempt >= policy.retries || (after !== undefined && after > policy.maxRetryAfterSeconds)) {
        return { answer }
      }
      return { retryInMs: after === undefined ? backoffMs(policy, attempt) : after * 1000 }
    },
    onFailure: (error, attempt) => {
      if (attempt >= policy.retries || !(idempotent || neverSent(error))) {
        throw new ZoomError({ status: 0, code: 'NETWORK_ERROR', message: `Zoom ${what} could not be completed: ${fetchFailureReason(error)}`, cause: error })
      }
      return backoffMs(policy, attempt)
    },
    timedOut: (cause) => timedOut(what, timeoutMs, cause),
  })
