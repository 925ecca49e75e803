import crypto from 'node:crypto'
import type { ServerResponse } from 'node:http'

/**
 * What a route hands back: a JSON `body`, `text` as it is (gateway pages, redirects), or a
 * `stream` writer for recording bytes.
 */
export type Reply = {
  status: number
  body?: unknown
  text?: string
  headers?: Record<string, string>
  stream?: (res: ServerResponse) => Promise<void>
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Zoom's ids for users, registrants and the like: 22 letters and digits (some with `-` or `_`). */
export const zoomId = (length = 22): string => Array.from(crypto.randomBytes(length), (byte) => ALPHABET[byte % ALPHABET.length]).join('')

/** Meeting ids: 11 digits, never starting with 0. */
export const meetingNumber = (): number => Number(`8${Array.from(crypto.randomBytes(10), (byte) => String(byte % 10)).join('')}`)

/** A meeting instance's UUID: 16 random bytes in base64, so it may hold `/` and `+` and ends in `==`. */
export const instanceUuid = (): string => crypto.randomBytes(16).toString('base64')

export const trackingId = (): string => `v=2.0;clid=us06;rid=WEB_${crypto.randomBytes(16).toString('hex')}`

/** Zoom's times: RFC 3339 to the second, in UTC. */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** The API's error body: `{ code, message }`, with `errors` for field problems. */
export const zoomError = (status: number, code: number, message: string, errors?: { field: string; message: string }[]): Reply => ({
  status,
  body: { code, message, ...(errors ? { errors } : {}) },
})

export const validationFailed = (field: string, message = 'Invalid field.'): Reply => zoomError(400, 300, 'Validation Failed.', [{ field, message }])

export const meetingNotFound = (id: string): Reply => zoomError(404, 3001, `Meeting does not exist: ${id}.`)

export const invalidToken = (expired: boolean): Reply => zoomError(401, 124, expired ? 'Access token is expired.' : 'Invalid access token.')

/** What a gateway in front of Zoom answers when Zoom itself does not: HTML, not JSON. */
export const gatewayPage = (status: number): Reply => {
  if (status === 500) {
    return { status, body: { code: 500, message: 'Internal Error.' } }
  }
  const title = { 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' }[status] ?? 'Error'
  return { status, text: `<html><head><title>${status} ${title}</title></head><body><center><h1>${status} ${title}</h1></center></body></html>`, headers: { 'Content-Type': 'text/html' } }
}
