import crypto from 'node:crypto'

/**
 * What a route hands back: a JSON `body`, or `text` as it is (pages, redirects, certificates);
 * `replay` renders the resource again for a repeated PayPal-Request-Id.
 */
export type Reply = { status: number; body?: unknown; text?: string; headers?: Record<string, string>; replay?: () => unknown }

export type Money = { currency_code: string; value: string }

export type ErrorDetail = { field?: string; value?: string; location?: string; issue: string; description: string }

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** An id in PayPal's look: upper-case letters and digits (orders, captures, refunds are 17 long). */
export const paypalId = (length = 17): string => Array.from(crypto.randomBytes(length), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('')

export const debugId = (): string => crypto.randomBytes(7).toString('hex').slice(0, 13)

/** PayPal's times: RFC 3339 to the second, in UTC. */
export const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

const MESSAGES: Record<string, string> = {
  INVALID_REQUEST: 'Request is not well-formed, syntactically incorrect, or violates schema.',
  UNPROCESSABLE_ENTITY: 'The requested action could not be performed, semantically incorrect, or failed business validation.',
  RESOURCE_NOT_FOUND: 'The specified resource does not exist.',
  AUTHENTICATION_FAILURE: 'Authentication failed due to invalid authentication credentials or a missing Authorization header.',
  NOT_AUTHORIZED: 'Authorization failed due to insufficient permissions.',
  METHOD_NOT_SUPPORTED: 'The server does not implement the requested HTTP method.',
  INTERNAL_SERVER_ERROR: 'An internal server error has occurred.',
  SERVICE_UNAVAILABLE: 'Service Unavailable.',
  RATE_LIMIT_REACHED: 'Too many requests. Blocked due to rate limiting.',
  VALIDATION_ERROR: 'Invalid data provided',
  UNSUPPORTED_MEDIA_TYPE: 'The server does not support the request payload media type.',
}

export const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_REQUEST',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  401: 'AUTHENTICATION_FAILURE',
  403: 'NOT_AUTHORIZED',
  404: 'RESOURCE_NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'RATE_LIMIT_REACHED',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
}

/** PayPal's error body: `{ name, message, debug_id, details, links }`, each issue linked to its documentation. */
export const failure = (
  status: number,
  details: ErrorDetail[] = [],
  { api = 'orders/v2', name, links = [] }: { api?: string; name?: string; links?: object[] } = {},
): Reply => {
  const errorName = name ?? STATUS_NAMES[status] ?? 'INTERNAL_SERVER_ERROR'
  const id = debugId()
  const information = details[0]
    ? { href: `https://developer.paypal.com/docs/api/${api}/#error-${details[0].issue}`, rel: 'information_link', method: 'GET' }
    : { href: 'https://developer.paypal.com/docs/api/overview/#error', rel: 'information_link', method: 'GET' }
  return {
    status,
    headers: { 'Paypal-Debug-Id': id },
    body: {
      name: errorName,
      message: MESSAGES[errorName] ?? 'An error occurred.',
      debug_id: id,
      ...(details.length ? { details } : {}),
      links: [...links, information],
    },
  }
}

export const invalid = (field: string, issue: string, description: string, value?: unknown): Reply =>
  failure(400, [{ field, ...(typeof value === 'string' ? { value } : {}), location: 'body', issue, description }])

export const unprocessable = (issue: string, description: string, { field, api, links }: { field?: string; api?: string; links?: object[] } = {}): Reply =>
  failure(422, [{ ...(field ? { field, location: 'body' } : {}), issue, description }], { api, links })

export const notFound = (api = 'orders/v2'): Reply =>
  failure(404, [{ issue: 'INVALID_RESOURCE_ID', description: 'Specified resource ID does not exist. Please check the resource ID and try again.' }], { api })

/**
 * PayPal's currencies and their digits. HUF, JPY and TWD take no decimals at PayPal (HUF has
 * two in ISO 4217, PayPal refuses them all the same).
 */
export const CURRENCY_DIGITS: Record<string, number> = {
  AUD: 2, BRL: 2, CAD: 2, CNY: 2, CZK: 2, DKK: 2, EUR: 2, HKD: 2, HUF: 0, ILS: 2, JPY: 0, MYR: 2, MXN: 2,
  TWD: 0, NZD: 2, NOK: 2, PHP: 2, PLN: 2, GBP: 2, SGD: 2, SEK: 2, CHF: 2, THB: 2, USD: 2,
}

/** PayPal's pattern for amount values. */
const VALUE = /^((-?[0-9]+)|(-?([0-9]+)?[.][0-9]+))$/

/** An amount checked as PayPal checks it: its smallest units, or the refusal PayPal gives. */
export const checkMoney = (money: unknown, field: string): { minor: number; money: Money } | { refusal: Reply } => {
  if (!money || typeof money !== 'object') {
    return { refusal: invalid(field, 'MISSING_REQUIRED_PARAMETER', 'A required field / parameter is missing.') }
  }
  const { currency_code: currency, value } = money as { currency_code?: unknown; value?: unknown }
  if (currency === undefined) {
    return { refusal: invalid(`${field}/currency_code`, 'MISSING_REQUIRED_PARAMETER', 'A required field / parameter is missing.') }
  }
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
    return { refusal: invalid(`${field}/currency_code`, 'INVALID_PARAMETER_VALUE', 'The value of a field is invalid.', currency) }
  }
  const digits = CURRENCY_DIGITS[currency]
  if (digits === undefined) {
    const description = 'Currency code is not currently supported. Please refer https://developer.paypal.com/docs/api/reference/currency-codes/ for list of supported currency codes.'
    return { refusal: unprocessable('CURRENCY_NOT_SUPPORTED', description, { field: `${field}/currency_code` }) }
  }
  if (value === undefined) {
    return { refusal: invalid(`${field}/value`, 'MISSING_REQUIRED_PARAMETER', 'A required field / parameter is missing.') }
  }
  if (typeof value !== 'string' || value.length > 32 || !VALUE.test(value)) {
    return { refusal: invalid(`${field}/value`, 'INVALID_PARAMETER_SYNTAX', 'The value of a field does not conform to the expected format.', value) }
  }
  const [units = '', decimals = ''] = value.replace(/^-/, '').split('.')
  if (decimals.length > 0 && digits === 0) {
    return { refusal: unprocessable('DECIMALS_NOT_SUPPORTED', 'Currency does not support decimals.', { field: `${field}/value` }) }
  }
  if (decimals.length > digits) {
    const description = 'If the currency supports decimals, only two decimal place precision is supported.'
    return { refusal: unprocessable('DECIMAL_PRECISION', description, { field: `${field}/value` }) }
  }
  const minor = Number(`${units || '0'}${decimals.padEnd(digits, '0')}`) * (value.startsWith('-') ? -1 : 1)
  if (!(minor > 0)) {
    const description = 'Must be greater than zero. If the currency supports decimals, only two decimal place precision is supported.'
    return { refusal: unprocessable('CANNOT_BE_ZERO_OR_NEGATIVE', description, { field: `${field}/value` }) }
  }
  return { minor, money: { currency_code: currency, value: formatMoney(minor, currency).value } }
}

/** Smallest units back to PayPal's decimal string. */
export const formatMoney = (minor: number, currency: string): Money => {
  const digits = CURRENCY_DIGITS[currency] ?? 2
  const units = String(Math.abs(minor)).padStart(digits + 1, '0')
  const value = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`
  return { currency_code: currency, value: minor < 0 ? `-${value}` : value }
}

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char)
