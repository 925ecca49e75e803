import type { CollectionBeforeDeleteHook } from 'payload'

import { sql } from '@payloadcms/db-postgres'
import { NotFound } from 'payload'

import { postgresAdapter } from '@/services/database/adapter'
import { sqlHandle } from '@/services/database/transactions'

/**
 * Takes the row's lock before anything of a delete is written, and answers 404 when it is gone.
 * Payload reads the document, then deletes it, without a lock between: two deletes of one
 * document at once both read it, the one that comes second finds nothing to delete and fails on
 * the missing row (a 500), or both succeed and the deletion is audited twice. With the lock, the
 * second waits for the first and then finds the document gone.
 */
export const lockBeforeDelete: CollectionBeforeDeleteHook = async ({ collection, id, req }) => {
  const adapter = postgresAdapter(req.payload)
  const table = adapter.tableNameMap.get(collection.slug.replace(/-/g, '_'))
  if (!table) {
    return
  }
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`select 1 from ${sql.identifier(table)} where id = ${Number(id)} for update`)
  if (rows.length === 0) {
    throw new NotFound(req.t)
  }
}
