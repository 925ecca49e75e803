import type { Endpoint } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { version } from '@/version'

const TIMEOUT_MS = 2_000

/** `GET /api/health`: 200 with the version while the database answers, 503 otherwise. */
export const health: Endpoint = {
  path: '/health',
  method: 'get',
  handler: async (req) => {
    const db = req.payload.db as unknown as { drizzle: { execute: (q: unknown) => Promise<unknown> } }
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        db.drizzle.execute(sql`select 1`),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('database timed out')), TIMEOUT_MS)
        }),
      ])
      return Response.json({ status: 'ok', version, database: 'up' }, { headers: { 'Cache-Control': 'no-store' } })
    } catch (error) {
      req.payload.logger.warn({ err: error, msg: 'health check: database unreachable' })
      return Response.json(
        { status: 'unavailable', version, database: 'down' },
        { status: 503, headers: { 'Cache-Control': 'no-store' } },
      )
    } finally {
      clearTimeout(timer)
    }
  },
}
