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
