import type { Payload } from 'payload'

import { currentRequest } from '@/shared/requestContext'

import { aroundConnect, postgresAdapter } from './adapter'

/**
 * Marks the request being served when one of its queries cannot get a connection (the pool's
 * wait timed out, the server refused or is restarting). Payload does not always let such an
 * error through: its session lookup swallows it and carries on as if no one were signed in, so a
 * student would be told to log in, or be shown a course without its lessons. The API gate
 * (src/http/apiRoutes.ts) answers a marked request 503 instead, whatever Payload made of it.
 */
export const markRequestsOnConnectFailures = (payload: Payload): void => {
  const pool = postgresAdapter(payload).pool
  if (pool) {
    // The request is taken when the query asks, not from whatever runs when the wait ends.
    aroundConnect(pool, 'connectFailures', currentRequest, (request, error) => {
      if (error && request) {
        request.databaseUnavailable = true
      }
    })
  }
}

/** How node-postgres and PostgreSQL say a connection is gone or cannot be had (SQLSTATE class 08, 57P01-57P03). */
const LOST_MESSAGE = /Connection terminated|terminating connection|timeout exceeded when trying to connect|Client has encountered a connection error/i
const LOST_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', '57P01', '57P02', '57P03'])

/** Whether `error` (or what it wraps) says the database connection was lost or could not be made: the server's trouble, not the request's. */
export const isConnectionLost = (error: unknown): boolean => {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown }
    if (typeof code === 'string' && (LOST_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) {
      return true
    }
    if (typeof message === 'string' && LOST_MESSAGE.test(message)) {
      return true
    }
    current = cause
  }
  return false
}

/** Marks the request being served as one the database failed (see markRequestsOnConnectFailures). */
export const markDatabaseUnavailable = (): void => {
  const request = currentRequest()
  if (request) {
    request.databaseUnavailable = true
  }
}
