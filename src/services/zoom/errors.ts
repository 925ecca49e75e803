import { scrubSecrets } from '@/services/http'

/**
 * A call Zoom refused, or one that could not be made. `status` is the HTTP status (0 when no
 * answer came); `code` is Zoom's: a number from the API (124 invalid token, 300 validation,
 * 3001 meeting not found, 429 rate limit...), OAuth's `error` at the token endpoint
 * (`invalid_client`), or ours for no answer (`TIMEOUT`, `NETWORK_ERROR`). Quote `trackingId`
 * to Zoom support. Neither secrets nor tokens ever appear in one.
 */
export class ZoomError extends Error {
  override readonly name = 'ZoomError'
  readonly status: number
  readonly code: number | string | undefined
  /** Zoom's own words, without our prefix. */
  readonly zoomMessage: string | undefined
  /** Field problems of a validation failure (code 300). */
  readonly errors: { field?: string; message?: string }[]
  /** When Zoom said to come back (429 past what the client waits for, such as a daily limit). */
  readonly retryAfterSeconds: number | undefined
  readonly trackingId: string | undefined

  constructor({
    status,
    code,
    message,
    zoomMessage,
    errors = [],
    retryAfterSeconds,
    trackingId,
    cause,
  }: {
    status: number
    code?: number | string
    message: string
    zoomMessage?: string
    errors?: { field?: string; message?: string }[]
    retryAfterSeconds?: number
    trackingId?: string
    cause?: unknown
  }) {
    super(message, cause === undefined ? undefined : { cause })
    this.status = status
    this.code = code
    this.zoomMessage = zoomMessage
    this.errors = errors
    this.retryAfterSeconds = retryAfterSeconds
    this.trackingId = trackingId
  }

  /** Worth trying again later: no answer, rate limited, or Zoom failing on its side. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500
  }
}

/** The error bodies Zoom writes: the API's `{ code, message, errors }`, OAuth's `{ error, reason }`, the web's `{ errorCode, errorMessage }`. */
type ErrorBody = {
  code?: unknown
  message?: unknown
  errors?: unknown
  error?: unknown
  reason?: unknown
  errorCode?: unknown
  errorMessage?: unknown
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined)
const codeOf = (value: unknown): number | string | undefined => (typeof value === 'number' || (typeof value === 'string' && value) ? value : undefined)

/** A 2xx whose body lacks what every such answer carries: Zoom changed, or something in between did. */
export const unexpectedAnswer = (what: string, detail: string): ZoomError =>
  new ZoomError({ status: 0, code: 'UNEXPECTED_RESPONSE', message: `Zoom ${what} answered without ${detail}` })

/** The error an answer outside 2xx stands for, with a message a person can act on. */
export const errorFromAnswer = (
  answer: { status: number; body: unknown; trackingId?: string; retryAfterSeconds?: number },
  what: string,
  secrets: (string | undefined)[],
): ZoomError => {
  const body: ErrorBody = answer.body && typeof answer.body === 'object' ? (answer.body as ErrorBody) : {}
  const code = codeOf(body.code) ?? codeOf(body.error) ?? codeOf(body.errorCode)
  const errors = Array.isArray(body.errors) ? (body.errors.filter((entry) => entry && typeof entry === 'object') as { field?: string; message?: string }[]) : []
  const zoomMessage =
    text(body.message) ?? text(body.reason) ?? text(body.errorMessage) ?? (typeof answer.body === 'string' && answer.body ? answer.body.slice(0, 200) : undefined)
  const fields = errors.map((entry) => [entry.field, entry.message].filter(Boolean).join(': ')).filter(Boolean)
  const explanation = [zoomMessage ?? 'no explanation given', ...fields].join('; ')
  const later = answer.retryAfterSeconds === undefined ? '' : ` (retry after ${answer.retryAfterSeconds} s)`
  const tracking = answer.trackingId ? ` (tracking id ${answer.trackingId})` : ''
  const message = `Zoom ${what} failed with ${answer.status}${code === undefined ? '' : ` code ${code}`}: ${explanation}${later}${tracking}`
  return new ZoomError({
    status: answer.status,
    code,
    zoomMessage: zoomMessage === undefined ? undefined : scrubSecrets(zoomMessage, secrets),
    errors,
    retryAfterSeconds: answer.retryAfterSeconds,
    trackingId: answer.trackingId,
    message: scrubSecrets(message, secrets),
  })
}
