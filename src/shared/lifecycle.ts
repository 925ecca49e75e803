/**
 * Whether this process is shutting down (readiness then answers 503, so a load balancer stops
 * sending it requests while the ones in flight finish). Kept on globalThis: Next bundles the API
 * routes apart from the launcher that sets it, so a module variable would exist twice.
 */
const KEY = Symbol.for('aqoon.shuttingDown')

type WithFlag = typeof globalThis & { [KEY]?: boolean }

export const markShuttingDown = (): void => {
  ;(globalThis as WithFlag)[KEY] = true
}

export const isShuttingDown = (): boolean => (globalThis as WithFlag)[KEY] === true
