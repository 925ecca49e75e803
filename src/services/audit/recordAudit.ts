import type { PayloadRequest } from 'payload'

import type { AuditAction } from './auditActions'

import { sql } from '@payloadcms/db-postgres'

import { postgresAdapter, sqlList } from '@/services/database/adapter'
import { sqlHandle } from '@/services/database/transactions'
import { clientIp } from '@/shared/clientIp'

type Args = {
  req: PayloadRequest
  action: AuditAction
  collection?: string
  documentId?: number | string
  changedFields?: string[]
  /** Tenants the entry concerns; their admins can read it. */
  tenants?: number[]
  /** Who acted, when not the request's user (a failed login names the account tried). */
  actor?: { id?: number; label: string }
  /**
   * Write outside the request's transaction: for events whose request fails
   * (a failed login) and would otherwise roll the entry back with it.
   */
  detached?: boolean
}

/**
 * Appends one entry to the audit trail. The only way entries are written. One statement writes
 * the entry with its changed fields and tenants, as Payload stores an `audit-logs` document
 * (`order` from 1): it runs after every write of every collection, and a Payload create of the
 * entry cost four statements and more CPU than many of the writes it records.
 */
export const recordAudit = async ({ req, action, collection, documentId, changedFields = [], tenants = [], actor, detached = false }: Args): Promise<void> => {
  const user = req.user?.collection === 'users' ? (req.user as { id: number; email?: string }) : undefined
  const actorId = actor ? (actor.id ?? null) : (user?.id ?? null)
  const actorLabel = actor?.label ?? user?.email ?? 'system'
  const db = detached ? postgresAdapter(req.payload).drizzle : await sqlHandle(req)
  await db.execute(sql`
    with entry as (
      insert into audit_logs (action, actor_id, actor_label, collection, document_id, ip, user_agent)
      values (${action}, ${actorId}, ${actorLabel}, ${collection ?? null}, ${documentId === undefined ? null : String(documentId)}, ${clientIp(req.headers)}, ${req.headers.get('user-agent')?.slice(0, 500) ?? null})
      returning id
    ),
    fields as (
      insert into audit_logs_texts ("order", parent_id, path, text)
      select f.ord, entry.id, 'changedFields', f.name from entry, unnest(${sqlList(changedFields)}::varchar[]) with ordinality as f(name, ord)
    )
    insert into audit_logs_rels ("order", parent_id, path, tenants_id)
    select t.ord, entry.id, 'tenants', t.tenant from entry, unnest(${sqlList([...new Set(tenants)])}::int[]) with ordinality as t(tenant, ord)`)
}
