import { scrubSecrets } from '@/services/http'

/** One entry of an error's `details`, as PayPal writes it. */
export type PayPalErrorDetail = { field?: string; value?: string; location?: string; issue?: string; description?: string }

/**
 * A call PayPal refused, or could not be made. `name` is PayPal's (UNPROCESSABLE_ENTITY,
 * RESOURCE_NOT_FOUND, INVALID_CLIENT...), `issue` the first detail's (ORDER_NOT_APPROVED...);
 * `status` is 0 when no answer came (NETWORK_ERROR, TIMEOUT). Quote `debugId` to PayPal support.
 */
export class PayPalError extends Error {
  readonly status: number
  override readonly name: string
  readonly issue?: string
  readonly debugId?: string
  readonly details: PayPalErrorDetail[]

  constructor({
    status,
    name,
    message,
    issue,
    debugId,
    details = [],
    cause,
  }: {
    status: number
    name: string
    message: string
    issue?: string
    debugId?: string
    details?: PayPalErrorDetail[]
    cause?: unknown
  }) {
    super(message, cause === undefined ? undefined : { cause })
    this.status = status
    this.name = name
    this.issue = issue
    this.debugId = debugId
    this.details = details
  }
}

/** PayPal's error body, or OAuth's at the token endpoint (`{ error, error_description }`). */
type ErrorBody = {
  name?: unknown
  message?: unknown
  debug_id?: unknown
  details?: unknown
  error?: unknown
  error_description?: unknown
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined)

/** The error an answer outside 2xx stands for, with a message a person can act on. */
export const errorFromAnswer = (
  answer: { status: number; body: unknown; debugId?: string },
  what: string,
  secrets: (string | undefined)[],
): PayPalError => {
  const body: ErrorBody = answer.body && typeof answer.body === 'object' ? (answer.body as ErrorBody) : {}
  const details = Array.isArray(body.details) ? (body.details.filter((detail) => detail && typeof detail === 'object') as PayPalErrorDetail[]) : []
  const first = details[0]
  const name = text(body.name) ?? text(body.error)?.toUpperCase() ?? `HTTP_${answer.status}`
  const issue = text(first?.issue)
  const debugId = text(body.debug_id) ?? answer.debugId
  const explanation =
    [text(first?.description), text(first?.field) ? `(field ${first?.field})` : undefined].filter(Boolean).join(' ') ||
    text(body.message) ||
    text(body.error_description) ||
    (typeof answer.body === 'string' && answer.body ? answer.body.slice(0, 200) : 'no explanation given')
  const message = `PayPal ${what} failed with ${answer.status} ${name}${issue ? ` ${issue}` : ''}: ${explanation}${debugId ? ` (debug id ${debugId})` : ''}`
  return new PayPalError({ status: answer.status, name, issue, debugId, details, message: scrubSecrets(message, secrets) })
}
