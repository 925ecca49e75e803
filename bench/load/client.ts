import http from 'node:http'
import { performance } from 'node:perf_hooks'

export type Call = {
  method: 'GET' | 'POST' | 'PATCH'
  path: string
  headers?: Record<string, string>
  /** Sent as JSON. */
  body?: unknown
}

/** An answer read to its end, or what went wrong on the way (`status` 0), and the time from sending to the last byte. */
export type Answer = { status: number; body: string; ms: number; error?: string }

export type Client = { send: (call: Call) => Promise<Answer>; close: () => void }

/** Longer than any answer should take: past it the request counts as an error. */
const TIMEOUT_MS = 30_000
/** As a load balancer keeps connections to each instance: reused, and at most this many at once (more wait for one). */
const MAX_SOCKETS = 256

/**
 * Keep-alive HTTP/1.1 to one instance on loopback, shared by the virtual users sent there, as a
 * load balancer's pool of upstream connections is. node:http rather than fetch: no dependency,
 * and less CPU per request in the load generator. The agent's socket timeout also lets it
 * honour the server's `Keep-Alive: timeout=5` hint (Node 20 ignores the hint without one), so an
 * idle connection is dropped here before the server closes it under a new request. That hint
 * (4 s) stays on a reused socket unless the request sets its own timeout, which each does; and a
 * deadline from the moment of sending (waiting for a free connection included) bounds every
 * answer at 30 s.
 */
export const createClient = (baseUrl: string): Client => {
  const url = new URL(baseUrl)
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    throw new Error(`The load generator only calls loopback addresses, not ${url.hostname}.`)
  }
  // Any timeout longer than the request's: Node re-arms a reused socket with the request's own
  // only when the two differ.
  const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, timeout: 2 * TIMEOUT_MS })
  const send = ({ method, path, headers = {}, body }: Call): Promise<Answer> =>
    new Promise((resolve) => {
      const started = performance.now()
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
      const done = (status: number, text: string, error?: string) => resolve({ status, body: text, ms: performance.now() - started, error })
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          timeout: TIMEOUT_MS,
          headers: {
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : method === 'GET' ? {} : { 'content-length': '0' }),
            ...headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('end', () => done(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')))
          response.on('error', (error) => done(0, '', error.message))
        },
      )
      const late = () => request.destroy(new Error(`no answer in ${TIMEOUT_MS / 1000} s`))
      const deadline = setTimeout(late, TIMEOUT_MS)
      request.on('timeout', late)
      request.on('error', (error: NodeJS.ErrnoException) => done(0, '', error.code ?? error.message))
      request.on('close', () => clearTimeout(deadline))
      request.end(payload)
    })
  return { send, close: () => agent.destroy() }
}

/** Signs a student in through the app's (or stock Payload's) login endpoint: the session token, if the answer carries one. */
export const logIn = async (client: Client, { email, password, forwardedFor }: { email: string; password: string; forwardedFor: string }): Promise<{ answer: Answer; token?: string }> => {
  const answer = await client.send({ method: 'POST', path: '/api/users/login', headers: { 'x-forwarded-for': forwardedFor }, body: { email, password } })
  let token: unknown
  try {
    token = (JSON.parse(answer.body) as { token?: unknown }).token
  } catch {
    // Not JSON: an error page; no token.
  }
  return { answer, token: answer.status === 200 && typeof token === 'string' ? token : undefined }
}
