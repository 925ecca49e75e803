import type { Payload } from 'payload'

import { postgresAdapter } from './adapter'

/**
 * Runs a named prepared statement on Payload's connection pool, outside any transaction:
 * each pooled connection plans a statement once and reuses the plan. For hot public
 * reads (catalog search, certificate verification) that need no access layer.
 */
export const preparedQuery = async (payload: Payload, statement: { name: string; text: string; values: unknown[] }): Promise<Record<string, unknown>[]> =>
  (await postgresAdapter(payload).pool.query<Record<string, unknown>>(statement)).rows
