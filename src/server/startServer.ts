import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'

import crypto from 'node:crypto'
import http from 'node:http'
import next from 'next'

import { type AdmissionLimits, type Refusal, admissionGate, bypassesAdmission } from '@/http/admission'
import { type BodyLimit, bodyLimitFor, declaredLength } from '@/http/bodyLimits'
import { CLIENT_IP_HEADER, trustedClientIp } from '@/shared/clientIp'
import { type DirectRoute, directRoute, isEventStream, isPlainAnswer, upgradeRoute } from '@/shared/directRoutes'
import { LIVE_NOTIFICATIONS_PATH } from '@/shared/livePath'
import { type Current, requestIdFrom, withRequestId } from '@/shared/requestContext'
import { methodLabel, pageRouteTemplate } from '@/http/routeTemplate'
import { securityHeaders } from '@/http/securityHeaders'
import { metrics } from '@/services/metrics/registry'
import { startRequestSpan } from '@/services/telemetry/requestSpan'
import { settings } from '@/settings'

import { answerScrape } from './metricsServer'

type Args = { dev: boolean; port: number; hostname?: string }

/** What serves a request once our server has looked at it: Next's request handler. */
export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>

/** How long a refused request's connection goes on reading (and dropping) what the client still sends. */
const LINGER_MS = 5_000

/**
 * A request whose body bytes are counted as the HTTP parser hands them over, before
 * anyone reads them. Past its limit nothing more reaches its reader (Next), not even the
 * end of the body: a body cut short must never look complete. What still arrives is
 * dropped as it comes.
 */
class CountedRequest extends http.IncomingMessage {
  /** Set once the server knows the request's limit; `exceeded` runs the first time the body passes it. */
  bodyLimit: { bytes: number; exceeded: () => void } | undefined
  private received = 0
  private cutOff = false

  cutOffBody(): void {
    this.cutOff = true
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (this.cutOff) {
      return true
    }
    if (chunk !== null && chunk !== undefined && this.bodyLimit) {
      this.received += (chunk as Buffer).length
      if (this.received > this.bodyLimit.bytes) {
        this.cutOff = true
        this.bodyLimit.exceeded()
        return true
      }
    }
    return super.push(chunk, encoding)
  }
}

/**
 * Closes as nginx's lingering close does: our side ends at once (the client reads the 413,
 * then the end of the connection) while what the client is still sending is read and
 * dropped, so its bytes in flight never turn the close into a reset that could discard the
 * answer; the connection goes when the client stops, or after LINGER_MS.
 */
const lingeringClose = (socket: Socket): void => {
  socket.end()
  setTimeout(() => socket.destroy(), LINGER_MS).unref()
}

/** 413 in Payload's error shape; the rest of the body is never read. */
const refuse = (req: CountedRequest, res: http.ServerResponse, limit: BodyLimit): void => {
  req.cutOffBody()
  // Whoever still waits for the rest of the body (Next) learns that it ended early once the
  // connection is gone: the request is answered, so the server itself would not abort it.
  req.socket.once('close', () => req.destroy())
  if (res.headersSent) {
    req.socket.destroy()
    return
  }
  // No `Connection: close`: Node would then destroy the socket as soon as the answer is out.
  res.writeHead(413, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(JSON.stringify({ errors: [{ message: limit.message }] }), () => lingeringClose(req.socket))
}

const BUSY_MESSAGES: Record<Refusal, string> = {
  'queue-full': 'The server is too busy to take this request',
  'waited-too-long': 'The server was too busy to answer this request in time',
}

/** 503 in Payload's error shape, with how long to wait before asking again. */
const busy = (res: http.ServerResponse, why: Refusal): void => {
  if (res.headersSent || res.destroyed) {
    return
  }
  const seconds = settings.busyRetryAfterSeconds
  res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': String(seconds) })
  res.end(JSON.stringify({ errors: [{ name: 'APIError', message: `${BUSY_MESSAGES[why]}; try again in ${seconds} seconds.` }] }))
}

/** The path of a request target; one no URL parser accepts gets the default limit (and Next's 400). */
const pathOf = (target: string | undefined): string => {
  try {
    return new URL(target ?? '/', 'http://server').pathname
  } catch {
    return '/'
  }
}

const limitOf = (req: http.IncomingMessage): BodyLimit =>
  bodyLimitFor({ method: req.method ?? 'GET', pathname: pathOf(req.url), contentType: req.headers['content-type'] })

const overDeclared = (req: http.IncomingMessage, limit: BodyLimit): boolean =>
  (declaredLength(req.headers['content-length']) ?? 0) > limit.bytes

/** The whole body as text, or undefined when it never ended (cut off at its limit and answered 413, or the client left). */
const bodyText = (req: http.IncomingMessage): Promise<string | undefined> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.once('close', () => resolve(undefined))
    req.once('error', () => resolve(undefined))
  })

/**
 * The request's URL as Next gives it to a route: its Host with its path and query (a target in
 * absolute form keeps only those; a Host that makes no URL is read as localhost, and user info
 * is dropped: the gate resolves the school from the headers, not from this).
 */
const directUrl = (req: CountedRequest): string => {
  const target = new URL(req.url ?? '/', 'http://server')
  let url: URL
  try {
    url = new URL(`${target.pathname}${target.search}`, `http://${req.headers.host ?? 'localhost'}`)
  } catch {
    url = new URL(`${target.pathname}${target.search}`, 'http://localhost')
  }
  // A Host with user info (`a@b`) would make a URL the Fetch API refuses.
  url.username = ''
  url.password = ''
  return url.href
}

/** The request's headers as the Fetch API's. */
const headersOf = (req: http.IncomingMessage): Headers => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) {
      headers.set(name, Array.isArray(value) ? value.join(', ') : value)
    }
  }
  return headers
}

/**
 * Writes a streamed answer (server-sent events) as its chunks come, at the pace the client reads
 * them, and stops its writer when the client leaves (a tutor's answer then stops being paid for).
 */
const sendStream = async (stream: ReadableStream<Uint8Array>, res: http.ServerResponse): Promise<void> => {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
  let ended = false
  const left = (): void => {
    reader?.cancel().catch(() => undefined)
  }
  res.once('close', left)
  try {
    reader = stream.getReader()
    res.flushHeaders()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) {
        ended = true
        break
      }
      if (res.destroyed) {
        break
      }
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const go = (): void => {
            res.off('drain', go)
            res.off('close', go)
            resolve()
          }
          res.on('drain', go)
          res.on('close', go)
        })
      }
    }
    res.end()
  } catch (error) {
    // The writer failed midway: the client sees the answer cut short, not a hung request.
    console.error('a streamed direct answer failed', error)
    res.destroy()
  } finally {
    res.off('close', left)
    if (!ended) {
      // Cut short (the client gone, a write failed): its writer stops too.
      ;(reader ?? stream).cancel().catch(() => undefined)
    }
  }
}

/** A request answered by a direct route (src/shared/directRoutes.ts) instead of Next. */
const answerDirectly = async (direct: DirectRoute, req: CountedRequest, res: http.ServerResponse, current: Current): Promise<void> => {
  current.route = direct.route
  const body = await bodyText(req)
  if (body === undefined || res.headersSent || res.destroyed) {
    return
  }
  let status = 500
  let headers: Record<string, string | string[]> = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }
  let text = JSON.stringify({ errors: [{ message: 'Something went wrong.' }] })
  let stream: ReadableStream<Uint8Array> | undefined
  try {
    const header = (name: string): string | null => {
      const value = req.headers[name.toLowerCase()]
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
    }
    let asked: Headers | undefined
    // The URL and all headers made only for a route that reads them (most read one or two headers by name).
    const answer = await direct.answer({
      header,
      body,
      method: req.method ?? 'GET',
      get url() {
        return directUrl(req)
      },
      get headers() {
        asked ??= headersOf(req)
        return asked
      },
    })
    if (isPlainAnswer(answer)) {
      ;({ status, headers, body: text } = answer)
    } else {
      if (isEventStream(answer)) {
        stream = answer.body!
      } else {
        text = await answer.text()
      }
      status = answer.status
      headers = Object.fromEntries(answer.headers)
      // Each cookie is a header of its own: the entries above would keep only the last.
      const cookies = answer.headers.getSetCookie()
      if (cookies.length > 0) {
        headers['set-cookie'] = cookies
      }
    }
  } catch (error) {
    // The route answers its own failures; one that escapes it is still answered, never left hanging.
    console.error(`a direct route (${direct.route}) failed`, error)
  }
  if (res.headersSent || res.destroyed) {
    // The client left while the route worked: a stream it made is not read by anyone.
    await stream?.cancel().catch(() => undefined)
    return
  }
  try {
    res.writeHead(status, headers)
  } catch (error) {
    // A status or header Node refuses (a route's bug): answered in the error shape, not left hanging.
    console.error(`a direct route (${direct.route}) answered what cannot be sent`, error)
    res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end(JSON.stringify({ errors: [{ message: 'Something went wrong.' }] }))
    await stream?.cancel().catch(() => undefined)
    return
  }
  if (stream) {
    await sendStream(stream, res)
    return
  }
  res.end(text)
}

/**
 * Our HTTP server around a request handler (Next's). It is the one place that knows the
 * real peer address: it sets the client-IP header the rate limits read and drops
 * forwarded headers no trusted proxy wrote. It puts the security headers on every
 * response, and it holds request bodies to their limits (src/http/bodyLimits.ts): a
 * declared length over the limit is answered 413 without reading the body (nor asking
 * for it, when the client waits for `100 Continue`), and a streamed body is cut off at
 * the socket with 413 as soon as it passes the limit.
 */
export const createAppServer = ({
  dev,
  handle,
  admission = settings.admission,
}: {
  dev: boolean
  handle: RequestHandler
  admission?: AdmissionLimits
}): http.Server => {
  const gate = admission.maxInFlight > 0 ? admissionGate(admission) : undefined
  if (gate) {
    metrics().watchAdmission(gate.counts)
  }
  const serve = (req: CountedRequest, res: http.ServerResponse): void => {
    const started = performance.now()
    const span = startRequestSpan(req, res)
    const limit = limitOf(req)
    const forwarded = req.headers['x-forwarded-for']
    req.headers[CLIENT_IP_HEADER] = trustedClientIp(
      req.socket.remoteAddress,
      Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
      settings.trustProxyHops,
    )
    for (const [name, value] of Object.entries(securityHeaders({ production: !dev, path: req.url ?? '/' }))) {
      res.setHeader(name, value)
    }
    const requestId = requestIdFrom(req.headers['x-request-id'], crypto.randomUUID)
    req.headers['x-request-id'] = requestId
    res.setHeader('X-Request-Id', requestId)
    // The app names the route it matched in `current` (src/http/apiRoutes.ts); pages and
    // refusals made here are named by their path's first segment.
    const current: Current = { requestId }
    res.once('close', () => {
      const route = current.route ?? pageRouteTemplate(pathOf(req.url))
      metrics().httpDuration.observe({ method: methodLabel(req.method), route, status: String(res.statusCode) }, (performance.now() - started) / 1000)
    })
    if (settings.metrics.token && req.method === 'GET' && pathOf(req.url) === '/metrics') {
      void answerScrape(req, res)
      return
    }
    if (overDeclared(req, limit)) {
      refuse(req, res, limit)
      return
    }
    req.bodyLimit = { bytes: limit.bytes, exceeded: () => refuse(req, res, limit) }
    if (settings.trustProxyHops === 0) {
      delete req.headers['x-forwarded-for']
      delete req.headers['x-forwarded-host']
      delete req.headers['x-forwarded-proto']
    }
    const direct = directRoute(req.method, pathOf(req.url))
    const run = (): void => {
      void withRequestId(requestId, () => span.run(() => (direct ? answerDirectly(direct, req, res, current) : handle(req, res)), () => current.route), current)
    }
    if (!gate || bypassesAdmission(pathOf(req.url))) {
      run()
      return
    }
    const { withdraw } = gate.enter({
      admitted: (release) => {
        res.once('close', release)
        run()
      },
      refused: (why) => {
        metrics().busyRefusals.inc({ reason: why })
        busy(res, why)
      },
    })
    // A client that leaves while its request waits takes no turn.
    res.once('close', withdraw)
  }
  const server = http.createServer<typeof CountedRequest>({ IncomingMessage: CountedRequest }, serve)
  // WebSocket endpoints (live notifications) are registered from inside Next's bundle, as the
  // direct routes are (startServer loads it before the first client asks). Next adds an upgrade
  // listener of its own to the server on its first request, which ends every socket it does not
  // serve itself: listeners added by others are kept aside and asked only for other paths.
  type UpgradeListener = (req: CountedRequest, socket: Duplex, head: Buffer) => void
  const others: UpgradeListener[] = []
  const addListener = server.on.bind(server) as (event: string, listener: (...args: never[]) => void) => http.Server
  const keepUpgradesAside = (event: string | symbol, listener: (...args: never[]) => void): http.Server =>
    event === 'upgrade' ? (others.push(listener as unknown as UpgradeListener), server) : addListener(event as string, listener)
  addListener('upgrade', (req: CountedRequest, socket: Duplex, head: Buffer) => {
    const route = upgradeRoute(pathOf(req.url))
    if (route) {
      // Node stops watching a socket for errors once it hands over an upgrade; a client that
      // resets it while the handshake is checked would otherwise bring the process down.
      socket.on('error', () => socket.destroy())
      const forwarded = req.headers['x-forwarded-for']
      req.headers[CLIENT_IP_HEADER] = trustedClientIp(req.socket.remoteAddress, Array.isArray(forwarded) ? forwarded.join(',') : forwarded, settings.trustProxyHops)
      route(req, socket, head)
      return
    }
    if (others.length > 0) {
      others.forEach((listener) => listener(req, socket, head))
      return
    }
    const known = pathOf(req.url) === LIVE_NOTIFICATIONS_PATH
    socket.end(`HTTP/1.1 ${known ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  })
  server.on = keepUpgradesAside as typeof server.on
  server.addListener = keepUpgradesAside as typeof server.addListener
  // Without this listener Node sends `100 Continue` on its own, and the client sends the body.
  server.on('checkContinue', (req: CountedRequest, res: http.ServerResponse) => {
    if (!overDeclared(req, limitOf(req))) {
      res.writeContinue()
    }
    serve(req, res)
  })
  return server
}

/** Serves Next (admin, REST, GraphQL) from our own HTTP server. */
export const startServer = async ({ dev, port, hostname = '0.0.0.0' }: Args): Promise<http.Server> => {
  const app = next({ dev, dir: process.cwd(), port, hostname: 'localhost' })
  const handle = app.getRequestHandler()
  await app.prepare()
  const server = createAppServer({ dev, handle })
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve))
  // Loads the API's bundle now, so what it registers (the direct routes, the live notifications
  // socket) is there before the first client asks; a failure here is the health check's to report.
  await fetch(`http://127.0.0.1:${port}/api/health/live`).catch(() => undefined)
  return server
}
