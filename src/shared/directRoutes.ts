import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

/**
 * Routes our HTTP server answers itself, before it hands a request to Next: endpoints asked at
 * volume that need nothing of Next nor of Payload's request handling (a payment provider's
 * webhooks, which Stripe sends by the hundred a second when it catches up). They are registered
 * from inside Next's bundle, where Payload lives, and kept on globalThis because our server is
 * bundled apart from it (see requestContext.ts). Until the bundle has registered them (its first
 * API request loads it), such requests go to Next, whose API route answers them the same way.
 */
export type DirectRequest = {
  header: (name: string) => string | null
  body: string
  method: string
  /** The whole URL, as Next would give it: `http://<Host><path and query>`. */
  url: string
  headers: Headers
}
/**
 * An answer without the Fetch API's Response, which costs more to make and to read back than
 * the rest of a small answer: for routes asked by the hundred a second.
 */
export type PlainAnswer = { status: number; headers: Record<string, string>; body: string }
export type DirectRoute = { route: string; answer: (request: DirectRequest) => Promise<Response | PlainAnswer> }

export const isPlainAnswer = (answer: Response | PlainAnswer): answer is PlainAnswer => typeof (answer as Partial<Response>).text !== 'function'

/** A JSON answer, plainly. */
export const plainJson = (status: number, value: unknown, headers: Record<string, string> = {}): PlainAnswer => ({ status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(value) })

/** The Fetch API's Response of an answer, for the paths that need one (Next's, Payload's endpoints). */
export const responseOf = (answer: Response | PlainAnswer): Response => (isPlainAnswer(answer) ? new Response(answer.body, { status: answer.status, headers: answer.headers }) : answer)

const KEY = Symbol.for('aqoon.directRoutes')

const routes = (): Map<string, DirectRoute> => {
  const holder = globalThis as typeof globalThis & { [KEY]?: Map<string, DirectRoute> }
  holder[KEY] ??= new Map()
  return holder[KEY]
}

/** Answers `method path` directly from now on; `route` names it in metrics, as Next's would. */
export const registerDirectRoute = (method: string, path: string, answer: DirectRoute['answer']): void => {
  routes().set(`${method.toUpperCase()} ${path}`, { route: path, answer })
}

const PATTERNS = Symbol.for('aqoon.directRoutePatterns')

type PatternRoute = DirectRoute & { method: string; pattern: RegExp }

const patterns = (): Map<string, PatternRoute> => {
  const holder = globalThis as typeof globalThis & { [PATTERNS]?: Map<string, PatternRoute> }
  holder[PATTERNS] ??= new Map()
  return holder[PATTERNS]
}

/**
 * Answers `method` requests whose path matches `pattern` directly from now on (a route with an
 * id in it); `route` names them in metrics (`/api/courses/:id/tutor`).
 */
export const registerDirectPattern = (method: string, pattern: RegExp, route: string, answer: DirectRoute['answer']): void => {
  patterns().set(`${method.toUpperCase()} ${route}`, { method: method.toUpperCase(), pattern, route, answer })
}

/** The direct answer for a request, if it has one. */
export const directRoute = (method: string | undefined, path: string): DirectRoute | undefined => {
  const asked = (method ?? 'GET').toUpperCase()
  const exact = routes().get(`${asked} ${path}`)
  if (exact) {
    return exact
  }
  for (const candidate of patterns().values()) {
    if (candidate.method === asked && candidate.pattern.test(path)) {
      return candidate
    }
  }
  return undefined
}

/** Whether an answer is a stream of server-sent events, passed on as it is written rather than when it ends. */
export const isEventStream = (answer: Response): boolean => answer.body !== null && /^text\/event-stream\b/i.test(answer.headers.get('content-type') ?? '')

/** A WebSocket endpoint: it takes the upgrade request and its socket, and answers on the socket. */
export type UpgradeRoute = (request: IncomingMessage, socket: Duplex, head: Buffer) => void

const UPGRADES = Symbol.for('aqoon.upgradeRoutes')

const upgrades = (): Map<string, UpgradeRoute> => {
  const holder = globalThis as typeof globalThis & { [UPGRADES]?: Map<string, UpgradeRoute> }
  holder[UPGRADES] ??= new Map()
  return holder[UPGRADES]
}

/** Takes WebSocket upgrades of `path` (registered from inside Next's bundle, as the direct routes). */
export const registerUpgradeRoute = (path: string, route: UpgradeRoute): void => {
  upgrades().set(path, route)
}

export const upgradeRoute = (path: string): UpgradeRoute | undefined => upgrades().get(path)
