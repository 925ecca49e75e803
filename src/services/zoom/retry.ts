/**
 * How a call is tried again after a 429, a 5xx or no answer.
 */
export type RetryPolicy = {
  /**
   * Tries after the first.
   * @default 4
   */
  retries: number
  /**
   * The first pause when Zoom gives no Retry-After; doubled each time, with up to as much again at random.
   * @default 500
   */
  baseDelayMs: number
  /**
   * The longest pause between two tries.
   * @default 8000
   */
  maxDelayMs: number
  /**
   * The longest Retry-After waited for. A longer one (a daily limit resets at midnight UTC) ends
   * the call with a ZoomError carrying `retryAfterSeconds`, for a job to come back then.
   * @default 10
   */
  maxRetryAfterSeconds: number
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterSeconds: 10 }

/**
 * Seconds until Zoom wants the next call, from a Retry-After header: delta seconds, an HTTP
 * date, or (for daily limits) an ISO time such as `2020-05-31T00:00:00Z`. Undefined when absent
 * or unreadable.
 */
export const retryAfterSeconds = (header: string | null | undefined, now: number): number | undefined => {
  const value = header?.trim()
  if (!value) {
    return undefined
  }
  if (/^\d+$/.test(value)) {
    return Number(value)
  }
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000))
}

/** The pause before try `attempt + 1` when Zoom said nothing: exponential, with jitter, capped. */
export const backoffMs = (policy: RetryPolicy, attempt: number): number => {
  const base = policy.baseDelayMs * 2 ** attempt
  return Math.min(policy.maxDelayMs, base + Math.floor(Math.random() * base))
}
