import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * The request being served, for everything that runs on its behalf (log lines above all). One
 * store per process, kept on globalThis: our HTTP server sets it and Payload's logger, bundled
 * apart by Next, reads it, so a module variable would exist twice.
 */
export type Current = {
  requestId: string
  /** The route template the request matched, once known (named where the routes are known: inside the app). */
  route?: string
  /** Set when a query could not get a database connection while serving the request (src/services/database/connectFailures.ts). */
  databaseUnavailable?: boolean
}

const KEY = Symbol.for('aqoon.requestContext')

const store = (): AsyncLocalStorage<Current> => {
  const holder = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<Current> }
  holder[KEY] ??= new AsyncLocalStorage<Current>()
  return holder[KEY]
}

/** Runs `work` (and whatever it starts) as part of the request `requestId`; `current` is the store itself, for the caller to read afterwards. */
export const withRequestId = <T>(requestId: string, work: () => T, current: Current = { requestId }): T => store().run(current, work)

/** Names the route template of the request being served (for its metrics). */
export const nameRoute = (route: string): void => {
  const current = store().getStore()
  if (current) {
    current.route = route
  }
}

/** The request being served, if any, to be told something about later (see `databaseUnavailable`). */
export const currentRequest = (): Current | undefined => store().getStore()

/** What a job carries of the request that queued it, so its log lines can be followed back. */
export const requestMeta = (): { requestId?: string } => {
  const requestId = currentRequestId()
  return requestId ? { requestId } : {}
}

/** The id of the request this code runs for, if any. */
export const currentRequestId = (): string | undefined => store().getStore()?.requestId

/** An id the client or a proxy sent, kept when it is short and plain; otherwise a new one. */
export const requestIdFrom = (sent: string | string[] | undefined, make: () => string): string => {
  const value = Array.isArray(sent) ? sent[0] : sent
  return value !== undefined && /^[\w.:-]{1,128}$/.test(value) ? value : make()
}
