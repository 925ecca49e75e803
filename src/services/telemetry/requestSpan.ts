import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import type http from 'node:http'

import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
} from '@opentelemetry/semantic-conventions'

import { ATTR_REQUEST_ID, tracer } from './tracer'

export type RequestSpan = {
  /**
   * Runs `work` (the app answering) as part of the span; `route` tells, once the request is
   * answered, the route template the app matched, if it named one.
   */
  run: <T>(work: () => T, route: () => string | undefined) => T
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE'])

/**
 * The route Next named on our span: it hands its route (`/admin/[[...segments]]`) to the span that
 * encloses its own. Readable on the SDK's spans only, hence the look inside.
 */
const routeNextNamed = (span: unknown): string | undefined => {
  const route = (span as Partial<ReadableSpan>).attributes?.[ATTR_HTTP_ROUTE]
  return typeof route === 'string' ? route : undefined
}

/**
 * Starts the server span of a request, continuing the trace of an incoming W3C `traceparent`,
 * and ends it when the connection is done with the answer: method, route template, status and
 * request id. The raw path is left out: some carry tokens (`/api/users/verify/:token`).
 */
export const startRequestSpan = (req: http.IncomingMessage, res: http.ServerResponse): RequestSpan => {
  const method = req.method && METHODS.has(req.method) ? req.method : '_OTHER'
  const parent = propagation.extract(ROOT_CONTEXT, req.headers)
  const span = tracer().startSpan(
    method,
    { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_NETWORK_PROTOCOL_VERSION]: req.httpVersion } },
    parent,
  )
  const active = trace.setSpan(parent, span)
  let named: () => string | undefined = () => undefined
  if (span.isRecording()) {
    res.once('close', () => {
      const route = named() ?? routeNextNamed(span)
      if (route) {
        span.setAttribute(ATTR_HTTP_ROUTE, route)
        span.updateName(`${method} ${route}`)
      }
      const requestId = res.getHeader('x-request-id')
      if (typeof requestId === 'string') {
        span.setAttribute(ATTR_REQUEST_ID, requestId)
      }
      if (!res.headersSent) {
        // The connection went before any answer was written.
        span.setStatus({ code: SpanStatusCode.ERROR })
        span.setAttribute(ATTR_ERROR_TYPE, 'no_response')
      } else {
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode)
        // A client's mistake (4xx) is not the server's error.
        if (res.statusCode >= 500) {
          span.setStatus({ code: SpanStatusCode.ERROR })
          span.setAttribute(ATTR_ERROR_TYPE, String(res.statusCode))
        }
      }
      span.end()
    })
  }
  return {
    run: (work, route) => {
      named = route
      return context.with(active, work)
    },
  }
}
