/**
 * What never reaches a log line, wherever it sits in a logged object (pino's `redact` paths, a
 * level or two deep): credentials, secrets, and the personal data a request or a document
 * carries (email addresses).
 */
const SENSITIVE = ['password', 'newPassword', 'token', 'apiKey', 'secret', 'previousSecret', 'authorization', 'cookie', 'email', 'salt', 'hash', 'resetPasswordToken']

export const LOG_REDACT_PATHS: string[] = [
  ...SENSITIVE,
  ...SENSITIVE.map((key) => `*.${key}`),
  ...SENSITIVE.map((key) => `*.*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
]

const REDACTED = '[redacted]'

/** Drizzle's failed-query message ends with the query's values: `Failed query: …\nparams: a@b.example,…`. */
const PARAMS = /\nparams: [\s\S]*?(?=\n {4}at |$)/
/** PostgreSQL's detail of a constraint names the values: `Key (email)=(a@b.example) already exists.` */
const KEY_VALUES = /\)=\(.*?\)( already exists| is not present| is still referenced|$)/g

/** A failed query's message or stack with the values it was sent with left out (the query stays). */
export const withoutQueryParams = (text: string): string => text.replace(PARAMS, `\nparams: ${REDACTED}`)

const copyOf = (error: Error): Error & Record<string, unknown> => {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error & Record<string, unknown>
  for (const key of Object.getOwnPropertyNames(error)) {
    copy[key] = (error as unknown as Record<string, unknown>)[key]
  }
  return copy
}

/**
 * An error as it may be logged: the values a failed query carried (Drizzle puts them in its
 * message, its stack and `params`; PostgreSQL names a constraint's values in `detail`) are
 * redacted, since they are people's email addresses, names and tokens. The query itself and
 * everything else stay, for diagnosis. The error is copied; the one answered is not touched.
 */
export const withoutQueryValues = <T>(error: T, depth = 0): T => {
  if (!(error instanceof Error) || depth > 3) {
    return error
  }
  const hasParams = 'params' in error
  const detail = (error as { detail?: unknown }).detail
  const cause = (error as { cause?: unknown }).cause
  const redactedCause = withoutQueryValues(cause, depth + 1)
  if (!hasParams && typeof detail !== 'string' && redactedCause === cause) {
    return error
  }
  const copy = copyOf(error)
  if (hasParams) {
    copy.params = REDACTED
    copy.message = withoutQueryParams(error.message)
    copy.stack = error.stack === undefined ? undefined : withoutQueryParams(error.stack)
  }
  if (typeof detail === 'string') {
    copy.detail = detail.replace(KEY_VALUES, `)=(${REDACTED})$1`)
  }
  copy.cause = redactedCause
  return copy as T
}
