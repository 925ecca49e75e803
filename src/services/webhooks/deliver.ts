import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { performance } from 'node:perf_hooks'

import type { AllowList } from './allowList'
import { checkDestination } from './destination'
import type { Lookup, ResolvedAddress } from './destination'

/** One attempt's outcome; refusals, network errors and timeouts are outcomes too, never thrown. */
export type DeliveryAttempt = { ok: boolean; status?: number; durationMs: number; responseExcerpt?: string; error?: string }

const EXCERPT_CHARS = 1000
/** The excerpt is for the delivery log: read this much of the answer at most, then hang up. */
const READ_LIMIT_BYTES = 4096

const familyNumber = (family: number | string | undefined): number =>
  family === 'IPv4' ? 4 : family === 'IPv6' ? 6 : typeof family === 'number' ? family : 0

/** Answers the connection's lookup with the addresses already checked, so DNS is never asked twice. */
const pinnedLookup =
  (addresses: ResolvedAddress[]): LookupFunction =>
  (_hostname, options, callback) => {
    const family = familyNumber(options.family)
    const usable = family ? addresses.filter((address) => address.family === family) : addresses
    const [first] = usable
    if (!first) {
      callback(Object.assign(new Error(`No checked IPv${family} address`), { code: 'ENOTFOUND' }), '')
    } else if (options.all) {
      callback(null, usable)
    } else {
      callback(null, first.address, first.family)
    }
  }

/**
 * POSTs one signed webhook. The destination is checked (see checkDestination) and the connection
 * goes only to the checked addresses, with the URL's host name kept for TLS and `Host`. Redirects
 * are not followed (their target was never checked): a 3xx is a failed attempt.
 */
export const sendWebhook = ({
  url,
  headers,
  body,
  timeoutMs,
  allow,
  lookup,
}: {
  url: string
  headers: Record<string, string>
  body: string
  /** Covers the DNS check, connecting and the answer. */
  timeoutMs: number
  allow: AllowList
  lookup?: Lookup
}): Promise<DeliveryAttempt> =>
  new Promise((resolve) => {
    const started = performance.now()
    let request: http.ClientRequest | undefined
    let status: number | undefined
    let location: string | undefined
    const chunks: Buffer[] = []
    let settled = false

    const finish = (outcome: Omit<DeliveryAttempt, 'durationMs'>) => {
      if (!settled) {
        settled = true
        clearTimeout(timer)
        request?.destroy()
        resolve({ ...outcome, durationMs: Math.round(performance.now() - started) })
      }
    }
    // Once the status is known the receiver has answered; a slow or endless body only shortens the excerpt.
    const answered = () => {
      const excerpt = Buffer.concat(chunks).subarray(0, READ_LIMIT_BYTES).toString('utf8').slice(0, EXCERPT_CHARS)
      const code = status ?? 0
      const redirected = code >= 300 && code < 400
      finish({
        ok: code >= 200 && code < 300,
        status,
        ...(excerpt ? { responseExcerpt: excerpt } : {}),
        ...(redirected ? { error: `The receiver redirected to ${(location ?? 'nowhere').slice(0, 200)}; webhooks do not follow redirects, so register the final address.` } : {}),
      })
    }
    const timer = setTimeout(() => {
      if (status === undefined) {
        finish({ ok: false, error: `No answer within ${timeoutMs} ms.` })
      } else {
        answered()
      }
    }, timeoutMs)

    checkDestination(url, { allow, lookup }).then(
      (check) => {
        if (settled) {
          return
        }
        if (!check.ok) {
          finish({ ok: false, error: check.reason })
          return
        }
        const client = check.url.protocol === 'https:' ? https : http
        const options = {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup: pinnedLookup(check.addresses),
          agent: false,
        }
        request = client.request(check.url, options, (response) => {
          status = response.statusCode
          location = response.headers.location
          let read = 0
          response.on('data', (chunk: Buffer) => {
            chunks.push(chunk)
            read += chunk.length
            if (read >= READ_LIMIT_BYTES) {
              answered()
            }
          })
          response.on('end', answered)
          response.on('error', answered)
          response.on('close', answered)
        })
        request.on('error', (error) => (status === undefined ? finish({ ok: false, error: error.message }) : answered()))
        request.end(body)
      },
      (error: unknown) => finish({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    )
  })
