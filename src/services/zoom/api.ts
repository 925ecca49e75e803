import { credentialsKey } from '@/services/oauth/credentialsKey'
import { settings } from '@/settings'

import { errorFromAnswer, unexpectedAnswer } from './errors'
import { type Answer, send } from './http'
import { DEFAULT_RETRY, type RetryPolicy } from './retry'
import { zoomTokens } from './token'

const DEFAULT_TIMEOUT_MS = 30_000

export type ZoomClientOptions = {
  /** A school's Server-to-Server OAuth app: its account id, client id and secret. */
  accountId: string
  clientId: string
  clientSecret: string
  /**
   * The REST API, `/v2` included.
   * @default settings.zoom.apiBase (ZOOM_API_BASE, https://api.zoom.us/v2)
   */
  apiBase?: string
  /**
   * Where `/oauth/token` is, and whose host (and its subdomains) recording downloads may come from.
   * @default settings.zoom.oauthBase (ZOOM_OAUTH_BASE, https://zoom.us)
   */
  oauthBase?: string
  /**
   * Bounds each call, its retries and their pauses included (a download: until its headers come).
   * @default 30000
   */
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  /** The clock tokens expire by; tests move it. */
  now?: () => number
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'

export type CallOptions = {
  query?: Record<string, string | number | boolean | undefined>
  body?: unknown
  /** Safe to send again after a 5xx or a lost connection. Defaults to true for all but POST. */
  idempotent?: boolean
}

export type ZoomApi = ReturnType<typeof createZoomApi>

const trimmed = (base: string): string => base.replace(/\/+$/, '')

const queryString = (query: CallOptions['query']): string => {
  const entries = Object.entries(query ?? {}).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]]))
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : ''
}

/**
 * Zoom's REST API for one account: an access token from Server-to-Server OAuth, cached per
 * account across clients and renewed before its hour ends, or at once when Zoom refuses it.
 */
export const createZoomApi = (options: ZoomClientOptions) => {
  const apiBase = trimmed(options.apiBase ?? settings.zoom.apiBase)
  const oauthBase = trimmed(options.oauthBase ?? settings.zoom.oauthBase)
  const { accountId, clientId, clientSecret } = options
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry }
  const now = options.now ?? Date.now
  const key = credentialsKey(oauthBase, accountId, clientId, clientSecret)

  const obtainToken = async () => {
    const what = 'token request'
    const answer = await send({
      // Zoom's documented form: the grant in the query string, the app's credentials in Basic auth.
      url: `${oauthBase}/oauth/token${queryString({ grant_type: 'account_credentials', account_id: accountId })}`,
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      timeoutMs,
      what,
      policy,
      // A token request changes nothing at Zoom: asking twice only gives two tokens.
      idempotent: true,
      now,
    })
    const body = (answer.body ?? {}) as { access_token?: unknown; expires_in?: unknown }
    if (answer.status !== 200 || typeof body.access_token !== 'string') {
      throw answer.status === 200 ? unexpectedAnswer(what, 'an access token') : errorFromAnswer(answer, what, [clientSecret])
    }
    return { accessToken: body.access_token, expiresInSeconds: typeof body.expires_in === 'number' ? body.expires_in : 0 }
  }

  /**
   * A request with the account's bearer token; a 401 drops the token and the request is made
   * once more with a fresh one. Answers outside 2xx become ZoomErrors.
   */
  const call = async (method: Method, path: string, { query, body, idempotent = method !== 'POST' }: CallOptions = {}): Promise<unknown> => {
    const what = `${method} ${path}`
    const signal = AbortSignal.timeout(timeoutMs)
    const attempt = (bearer: string): Promise<Answer> =>
      send({
        url: `${apiBase}${path}${queryString(query)}`,
        method,
        headers: {
          Authorization: `Bearer ${bearer}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        timeoutMs,
        what,
        policy,
        idempotent,
        now,
      })
    const { answer, token: bearer } = await zoomTokens.withAccessToken({ key, obtain: obtainToken, now, attempt })
    if (answer.status < 200 || answer.status >= 300) {
      throw errorFromAnswer(answer, what, [clientSecret, bearer])
    }
    // Zoom answers most writes 204 with no body: undefined then.
    return answer.body
  }

  /** Asks Zoom for a new token now (not the cached one): whether the app's credentials still work. */
  const checkCredentials = async (): Promise<void> => {
    await zoomTokens.renew({ key, obtain: obtainToken, now })
  }

  return { call, checkCredentials, apiBase, oauthBase, timeoutMs, policy, now, clientSecret }
}
