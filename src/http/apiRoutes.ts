import type { CollectionSlug, Payload, SanitizedConfig } from 'payload'

import {
  GRAPHQL_POST,
  REST_DELETE,
  REST_GET,
  REST_PATCH,
  REST_POST,
  REST_PUT,
} from '@payloadcms/next/routes'
import { getPayload } from 'payload'

import { verificationResponse } from '@/http/certificateVerification'
import { stripeWebhookAnswer } from '@/http/stripeWebhookAnswer'
import { CERTIFICATES } from '@/shared/slugs'
import { hitAuthLimit, tooManyAttempts, VERIFY_EMAIL } from '@/services/rateLimit/authLimit'
import { settings } from '@/settings'
import { resolveTenant } from '@/tenancy/resolveTenant'

import { bodyLimitFor, countedRequest, declaredLength } from './bodyLimits'
import { clientIp } from '@/shared/clientIp'
import { type DirectRequest, type PlainAnswer, registerDirectPattern, registerDirectRoute, registerUpgradeRoute, responseOf } from '@/shared/directRoutes'
import { LIVE_NOTIFICATIONS_PATH } from '@/shared/livePath'

import { liveNotifications } from './liveNotifications'
import { currentRequest, nameRoute } from '@/shared/requestContext'
import { graphqlPagingProblem, malformedJsonParameter, restPagingProblem } from './paging'
import { corsHeaders, forPayload } from './crossSite'
import { refusedFileRoute } from './fileRouteQuery'
import { apiRouteTemplate } from './routeTemplate'
import { tokenLimitRefusal } from './graphqlLimits'

type RouteContext = { params: Promise<{ slug: string[] }> }
type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>

/** The name a client reads for each refusal the gate makes itself, as Payload names its own. */
const ERROR_NAMES: Record<number, string> = { 400: 'ValidationError', 401: 'UnauthorizedError', 403: 'Forbidden', 404: 'NotFound' }

const errorResponse = (status: number, message: string, headers: Record<string, string> = {}): Response =>
  Response.json({ errors: [{ name: ERROR_NAMES[status] ?? 'APIError', message }] }, { status, headers: { 'Cache-Control': 'no-store', ...headers } })

/** Payload's version routes fail (500) on a collection that keeps no versions: nothing is there. */
const versionsOfUnversioned = (payload: Payload, request: Request): boolean => {
  const [slug, route] = new URL(request.url).pathname.replace(/^\/api\//, '').split('/')
  const collection = slug ? payload.collections[slug as CollectionSlug] : undefined
  return route === 'versions' && collection !== undefined && !collection.config.versions
}

/** Some of Payload's answers carry `{ message }` (an unknown route, the jobs endpoints); clients read errors as `{ errors: [{ message }] }`. */
const inErrorShape = async (response: Response): Promise<Response> => {
  const text = await response.text()
  let body: { errors?: unknown; message?: unknown } = {}
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    // Not JSON after all: answered below by its status.
  }
  if (Array.isArray(body.errors)) {
    return new Response(text, { status: response.status, headers: response.headers })
  }
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name.toLowerCase() !== 'content-length'))
  return errorResponse(response.status, typeof body.message === 'string' && body.message ? body.message : response.statusText || 'Refused.', headers)
}

/** Responses from Payload may have immutable headers; copy before adding ours. */
const withHeaders = (response: Response, extra: Record<string, string>): Response => {
  if (Object.keys(extra).length === 0) {
    return response
  }
  const headers = new Headers(response.headers)
  for (const [name, value] of Object.entries(extra)) {
    headers.set(name, value)
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

/**
 * Before Payload sees a request: refuse a body over its limit (413: a declared length
 * before anything is read, a streamed body as soon as it passes the limit), find its
 * tenant (unknown: 404; suspended: 403 to everyone), drop cookies sent from other sites
 * (Payload's CSRF list cannot name every tenant's domains), and answer CORS for the
 * platform's and the tenant's origins. After it, a request whose database could not be
 * reached is answered 503 with Retry-After, whatever Payload made of it.
 */
const withGate =
  (config: Promise<SanitizedConfig>, handler: RouteHandler): RouteHandler =>
  async (original, context) => {
    let response: Response
    try {
      response = await gated(config, handler, original, context)
    } catch (error) {
      if (databaseWasUnavailable()) {
        return databaseUnavailable()
      }
      throw error
    }
    // A 503 the route made itself (readiness, with which of its checks failed) is already the answer.
    if (databaseWasUnavailable() && response.status !== 503) {
      // Whatever Payload made of it (a 500, or an answer made as if no one were signed in), it is not the answer.
      await response.body?.cancel()
      return databaseUnavailable()
    }
    return response
  }

/** Whether a query of the request being served could not get a database connection, or lost it. */
const databaseWasUnavailable = (): boolean => currentRequest()?.databaseUnavailable === true

/** 503 with Retry-After: the server's trouble, and passing; never the client's mistake. */
const databaseUnavailable = (): Response =>
  errorResponse(503, `The server could not reach its database in time; try again in ${settings.busyRetryAfterSeconds} seconds.`, {
    'Retry-After': String(settings.busyRetryAfterSeconds),
  })

const gated = async (config: Promise<SanitizedConfig>, handler: RouteHandler, original: Request, context: RouteContext): Promise<Response> => {
  const limit = bodyLimitFor({
    method: original.method,
    pathname: new URL(original.url).pathname,
    contentType: original.headers.get('content-type'),
  })
  if ((declaredLength(original.headers.get('content-length')) ?? 0) > limit.bytes) {
    return errorResponse(413, limit.message)
  }
  const { request, exceeded } = countedRequest(original, limit)
  const payload = await getPayload({ config })
  nameRoute(apiRouteTemplate(payload, original.method, new URL(original.url).pathname))
  const resolution = await resolveTenant(payload, request.headers)
  if (resolution.kind === 'unknown') {
    return errorResponse(404, `No school is known by "${resolution.requested}".`)
  }
  if (resolution.kind === 'tenant' && resolution.tenant.status === 'suspended') {
    return errorResponse(403, `${resolution.tenant.name} is suspended.`)
  }
  const refused = malformedJsonParameter(new URL(request.url).searchParams)
  if (refused) {
    return errorResponse(400, refused)
  }
  const paging = restPagingProblem(request)
  if (paging) {
    return Response.json(
      { errors: [{ name: 'ValidationError', message: `The following parameter is invalid: ${paging.path}`, data: { errors: [paging] } }] },
      { status: 400, headers: { 'Cache-Control': 'no-store' } },
    )
  }
  const fileRefusal = await refusedFileRoute(payload, request)
  if (fileRefusal) {
    return errorResponse(fileRefusal.status, fileRefusal.message)
  }
  if (versionsOfUnversioned(payload, request)) {
    return errorResponse(404, 'This collection keeps no versions.')
  }
  let response: Response
  try {
    response = await handler(await forPayload(request, resolution), context)
  } catch (error) {
    if (exceeded()) {
      return errorResponse(413, limit.message)
    }
    throw error
  }
  if (exceeded()) {
    // Whatever the reader made of a body cut short (Payload: a 500, an endpoint: a 400), it was too large.
    await response.body?.cancel()
    return errorResponse(413, limit.message)
  }
  if (response.status === 501 || (response.status === 404 && !response.headers.get('content-type')?.startsWith('application/json'))) {
    // Payload's answer for a collection without REST routes (its migrations), or a page for a route that is not there.
    await response.body?.cancel()
    return errorResponse(404, 'Not found.')
  }
  if (response.status >= 400 && response.status < 500 && response.headers.get('content-type')?.startsWith('application/json')) {
    return withHeaders(await inErrorShape(response), corsHeaders(request, resolution))
  }
  return withHeaders(response, corsHeaders(request, resolution))
}

/** GraphQL's email verification mutation (`verifyEmailUser`), however aliased. */
const VERIFY_MUTATION = /\bverifyEmail[A-Z]\w*\s*\(/

const isJson = (request: Request): boolean =>
  (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')

/** The request again, carrying the body a check has already read (a body is read only once). */
const carrying = (request: Request, text: string): Request =>
  new Request(request.url, { method: request.method, headers: request.headers, body: text, signal: request.signal })

/**
 * GraphQL documents are measured in tokens before Payload parses them (it parses without
 * a limit): over GRAPHQL_MAX_TOKENS is a 400 in GraphQL's error shape. The body, already
 * limited by the gate, is read here and handed on as read.
 */
const tokensFirst =
  (handler: RouteHandler): RouteHandler =>
  async (request, context) => {
    if (!request.body || !isJson(request)) {
      return handler(request, context)
    }
    const text = await request.text()
    let query: unknown
    let variables: unknown
    try {
      ;({ query, variables } = (JSON.parse(text) as { query?: unknown; variables?: unknown } | null) ?? {})
    } catch {
      // Malformed JSON is Payload's to answer.
    }
    const refusal = typeof query === 'string' ? (tokenLimitRefusal(query, settings.graphql) ?? graphqlPagingProblem(query, variables)) : undefined
    if (refusal) {
      return errorResponse(400, refusal)
    }
    // Payload's email verification has no hook to limit it by; it is counted here, like REST's.
    if (typeof query === 'string' && VERIFY_MUTATION.test(query)) {
      const decision = await hitAuthLimit(clientIp(request.headers), VERIFY_EMAIL)
      if (!decision.allowed) {
        return errorResponse(429, tooManyAttempts(decision.retryAfterSeconds), { 'Retry-After': String(decision.retryAfterSeconds) })
      }
    }
    return handler(carrying(request, text), context)
  }

/** A POST asking to be read as a GET (Payload's method override), its query in a JSON body. */
const overriddenToGet = (request: Request): boolean =>
  request.method === 'POST' && (request.headers.get('x-payload-http-method-override') === 'GET' || request.headers.get('x-http-method-override') === 'GET')

/**
 * Payload parses the JSON body of a POST overridden to a GET before its own error handling, so
 * malformed JSON there would be a 500: it is a 400 here, and the body is handed on as read.
 */
const overrideFirst =
  (handler: RouteHandler): RouteHandler =>
  async (request, context) => {
    if (!overriddenToGet(request) || request.headers.get('content-type') !== 'application/json') {
      return handler(request, context)
    }
    const text = await request.text()
    try {
      JSON.parse(text)
    } catch {
      return errorResponse(400, 'Invalid JSON')
    }
    return handler(carrying(request, text), context)
  }

/**
 * Certificate verification (`GET /api/certificates/verify/:serial`) is answered here, behind
 * the gate but before Payload's REST handler, with the collection endpoint's own answer: it
 * is public and sessionless and asked at volume (every QR scan), while Payload would first
 * build a full request (auth strategies, i18n, locale, endpoint matching) it never reads.
 * So is Stripe's webhook (`POST /api/webhooks/stripe`), for the same reasons, when our HTTP
 * server has not answered it itself (before this module registered it there).
 */
const answeredFirst =
  (config: Promise<SanitizedConfig>, handler: RouteHandler): RouteHandler =>
  async (request, context) => {
    const { slug } = await context.params
    if (request.method === 'POST' && slug.length === 2 && slug[0] === 'webhooks' && slug[1] === 'stripe') {
      return responseOf(await stripeWebhook(config)({ header: (name) => request.headers.get(name), body: await request.text() }))
    }
    if (slug.length === 3 && slug[0] === CERTIFICATES && slug[1] === 'verify') {
      const payload = await getPayload({ config })
      try {
        return await verificationResponse(payload, slug[2]!)
      } catch (error) {
        // Payload's handler would have logged it and answered in the error shape; so do we.
        payload.logger.error({ err: error, msg: 'certificate verification failed' })
        return errorResponse(500, 'Something went wrong.')
      }
    }
    return handler(request, context)
  }

/**
 * Stripe's webhook as answered both here and, once registered, by our HTTP server before Next
 * (src/shared/directRoutes.ts): a failure is logged and answered in the error shape, or 503
 * when the database could not be reached, and Stripe delivers again.
 */
const stripeWebhook =
  (config: Promise<SanitizedConfig>) =>
  async ({ header, body }: Pick<DirectRequest, 'header' | 'body'>): Promise<Response | PlainAnswer> => {
    let payload: Payload | undefined
    try {
      payload = await getPayload({ config })
      return await stripeWebhookAnswer(payload, header('stripe-signature'), body)
    } catch (error) {
      if (databaseWasUnavailable()) {
        return databaseUnavailable()
      }
      if (payload) {
        payload.logger.error({ err: error, msg: 'payments: a Stripe webhook could not be recorded' })
      } else {
        console.error('payments: a Stripe webhook could not be answered: the app did not start', error)
      }
      return errorResponse(500, 'Something went wrong.')
    }
  }

/** A course's tutor (`POST /api/courses/:id/tutor`), for a course id as the database makes them. */
const TUTOR_PATH = /^\/api\/courses\/(\d{1,10})\/tutor$/

/** CORS preflight: allowed for trusted origins only. */
const preflight =
  (config: Promise<SanitizedConfig>): RouteHandler =>
  async (request) => {
    const payload = await getPayload({ config })
    const resolution = await resolveTenant(payload, request.headers)
    return new Response(null, { status: 204, headers: corsHeaders(request, resolution) })
  }

/** The REST and GraphQL handlers Next serves under /api, behind the gate. */
export const apiRoutes = (config: Promise<SanitizedConfig>) => {
  registerDirectRoute('POST', '/api/webhooks/stripe', stripeWebhook(config))
  registerUpgradeRoute(LIVE_NOTIFICATIONS_PATH, liveNotifications(config))
  const gate = (handler: RouteHandler) => withGate(config, handler)
  // Checkout is asked at volume when a course opens for sale: answered by the same gate and
  // Payload handler Next would call, without Next's routing (a third of the request's time).
  const post = gate(overrideFirst(answeredFirst(config, REST_POST(config))))
  registerDirectRoute('POST', '/api/orders/checkout', ({ method, url, headers, body }) =>
    post(new Request(url, { method, headers, body }), { params: Promise.resolve({ slug: ['orders', 'checkout'] }) }),
  )
  // So is a tutor turn, asked by every student of a class at once; its answer is streamed on as
  // it is written (server-sent events), and a student who leaves stops it, as through Next.
  registerDirectPattern('POST', TUTOR_PATH, '/api/courses/:id/tutor', async ({ method, url, headers, body }) => {
    const id = TUTOR_PATH.exec(new URL(url).pathname)?.[1]
    return id === undefined ? errorResponse(404, 'Not found.') : post(new Request(url, { method, headers, body }), { params: Promise.resolve({ slug: ['courses', id, 'tutor'] }) })
  })
  return {
    GET: gate(answeredFirst(config, REST_GET(config))),
    POST: post,
    DELETE: gate(REST_DELETE(config)),
    PATCH: gate(REST_PATCH(config)),
    PUT: gate(REST_PUT(config)),
    OPTIONS: preflight(config),
    GRAPHQL: gate(tokensFirst((request) => GRAPHQL_POST(config)(request))),
  }
}
