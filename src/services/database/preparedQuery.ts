import type { Payload } from 'payload'

type Pool = { query: (query: { name: string; text: string; values: unknown[] }) => Promise<{ rows: Record<string, unknown>[] }> }

/**
 * Runs a named prepared statement on Payload's connection pool, outside any transaction:
 * each pooled connection plans a statement once and reuses the plan. For hot public
 * reads (catalog search, certificate verification) that need no access layer.
 */
export const preparedQuery = async (payload: Payload, statement: { name: string; text: string; values: unknown[] }): Promise<Record<string, unknown>[]> =>
  (await (payload.db as unknown as { pool: Pool }).pool.query(statement)).rows
