import type { Endpoint, Payload } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { postgresAdapter } from '@/services/database/adapter'
import { pendingMigrations } from '@/services/database/migrations'
import { redisAnswers } from '@/services/redis/client'
import { isShuttingDown } from '@/shared/lifecycle'
import { withTimeout } from '@/shared/withTimeout'
import { version } from '@/version'

const TIMEOUT_MS = 2_000
const NO_STORE = { 'Cache-Control': 'no-store' }

const databaseAnswers = (payload: Payload) => withTimeout(postgresAdapter(payload).drizzle.execute(sql`select 1`), TIMEOUT_MS, 'database')

/** `GET /api/health`: 200 with the version while the database answers, 503 otherwise. */
export const health: Endpoint = {
  path: '/health',
  method: 'get',
  handler: async (req) => {
    try {
      await databaseAnswers(req.payload)
      return Response.json({ status: 'ok', version, database: 'up' }, { headers: NO_STORE })
    } catch (error) {
      req.payload.logger.warn({ err: error, msg: 'health check: database unreachable' })
      return Response.json({ status: 'unavailable', version, database: 'down' }, { status: 503, headers: NO_STORE })
    }
  },
}

/** `GET /api/health/live`: 200 while the process serves requests at all (Kubernetes restarts it otherwise). */
export const liveness: Endpoint = {
  path: '/health/live',
  method: 'get',
  handler: () => Response.json({ status: 'ok', version }, { headers: NO_STORE }),
}

/**
 * `GET /api/health/ready`: 200 when this process should be sent requests: the database answers,
 * Redis answers when one is configured, every committed migration has run, and the process is
 * not shutting down. 503 otherwise, saying which check failed.
 */
export const readiness: Endpoint = {
  path: '/health/ready',
  method: 'get',
  handler: async (req) => {
    const database = await databaseAnswers(req.payload).then(
      () => 'up' as const,
      () => 'down' as const,
    )
    const pending = database === 'up' ? await withTimeout(pendingMigrations(req.payload), TIMEOUT_MS, 'migrations').catch(() => undefined) : undefined
    const redis = await redisAnswers(TIMEOUT_MS)
    const checks = {
      database,
      redis: redis === undefined ? 'not configured' : redis ? 'up' : 'down',
      migrations: pending === undefined ? 'unknown' : pending.length === 0 ? 'applied' : `${pending.length} pending: ${pending.join(', ')}`,
      shuttingDown: isShuttingDown(),
    }
    const ready = database === 'up' && redis !== false && pending?.length === 0 && !checks.shuttingDown
    return Response.json({ status: ready ? 'ok' : 'unavailable', version, ...checks }, { status: ready ? 200 : 503, headers: NO_STORE })
  },
}
