import type { Payload } from 'payload'

import { postgresAdapter } from './adapter'

/**
 * node-postgres emits an error on the pool when the server drops an idle
 * connection (a restart, a failover). With no listener that error kills the
 * process; with one, the pool reconnects and /api/health reports the outage.
 */
export const survivePoolErrors = (payload: Payload): void => {
  postgresAdapter(payload).pool?.on('error', (error) => {
    payload.logger.warn({ err: error, msg: 'database connection lost; the pool will reconnect' })
  })
}
