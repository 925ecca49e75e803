import type { PayloadRequest } from 'payload'

import type { AuditAction } from './auditActions'

import type { SQL } from '@payloadcms/db-postgres/drizzle'

import { sql } from '@payloadcms/db-postgres'

import { postgresAdapter, sqlList } from '@/services/database/adapter'
import { commitBuffer, sqlHandle, type WithParts, writeParts } from '@/services/database/transactions'
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

type Entry = { at: string; action: AuditAction; actorId: number | null; actorLabel: string; collection: string | null; documentId: string | null; changedFields: string[]; tenants: number[]; ip: string; userAgent: string | null }

/**
 * The `with` parts that write entries, as Payload stores `audit-logs` documents (their changed
 * fields a JSON array in the row, their tenants numbered from 1). Their ids are drawn first, in
 * the entries' order, so the trail reads in the order things happened.
 */
const entryParts = (entries: Entry[], newRow = false): WithParts => {
  if (entries.length === 0) {
    return []
  }
  // The last entry is for the row the statement's own insert makes (`insertAudited`): it names it by that row's id.
  const documentId = newRow ? sql`case when e.n = ${entries.length} then (select id::varchar from audit_change) else e.document_id end` : sql`e.document_id`
  const column = <K extends keyof Entry>(key: K) => sqlList(entries.map((e) => e[key] as string | number | null))
  const changed = sqlList(entries.map((e) => JSON.stringify(e.changedFields)))
  const rels = entries.flatMap((e, n) => e.tenants.map((tenant, i) => ({ entry: n + 1, tenant, order: i + 1 })))
  return [
    sql`audit_ids as materialized (select g.n, nextval('audit_logs_id_seq')::int as id from generate_series(1, ${entries.length}::int) as g(n))`,
    sql`audit_entries as (
      insert into audit_logs (id, action, actor_id, actor_label, collection, document_id, changed_fields, ip, user_agent, created_at, updated_at)
      select ids.id, e.action::enum_audit_logs_action, e.actor_id, e.actor_label, e.collection, ${documentId}, e.changed_fields, e.ip, e.user_agent, e.at, e.at
      from unnest(${column('action')}::varchar[], ${column('actorId')}::int[], ${column('actorLabel')}::varchar[], ${column('collection')}::varchar[], ${column('documentId')}::varchar[], ${changed}::jsonb[], ${column('ip')}::varchar[], ${column('userAgent')}::varchar[], ${column('at')}::timestamptz[])
        with ordinality as e(action, actor_id, actor_label, collection, document_id, changed_fields, ip, user_agent, at, n)
      join audit_ids ids on ids.n = e.n
      order by e.n
    )`,
    sql`audit_tenants as (
      insert into audit_logs_rels ("order", parent_id, path, tenants_id)
      select r.ord, ids.id, 'tenants', r.tenant
      from unnest(${sqlList(rels.map((r) => r.entry))}::int[], ${sqlList(rels.map((r) => r.tenant))}::int[], ${sqlList(rels.map((r) => r.order))}::int[]) as r(n, tenant, ord)
      join audit_ids ids on ids.n = r.n
    )`,
  ]
}

/** The entry as it is stored, from what the caller says and the request. */
const entryOf = ({ req, action, collection, documentId, changedFields = [], tenants = [], actor }: Args): Entry => {
  const user = req.user?.collection === 'users' ? (req.user as { id: number; email?: string }) : undefined
  // When it happened, not when the transaction began (or wrote its entries together).
  return {
    at: new Date().toISOString(),
    action,
    actorId: actor ? (actor.id ?? null) : (user?.id ?? null),
    actorLabel: actor?.label ?? user?.email ?? 'system',
    collection: collection ?? null,
    documentId: documentId === undefined ? null : String(documentId),
    changedFields,
    tenants: [...new Set(tenants)],
    ip: clientIp(req.headers),
    userAgent: req.headers.get('user-agent')?.slice(0, 500) ?? null,
  }
}

/**
 * Appends one entry to the audit trail. The only way entries are written, and not through
 * Payload's Local API: it runs after every write of every collection, and a Payload create of
 * the entry cost four statements and more CPU than many of the writes it records. In a
 * transaction begun by `inTransaction` the entries are written together before its commit.
 */
export const recordAudit = async (args: Args): Promise<void> => {
  const { req, detached = false } = args
  const entry = entryOf(args)
  if (detached) {
    await writeParts(postgresAdapter(req.payload).drizzle, entryParts([entry]))
    return
  }
  const buffered = commitBuffer<Entry>(req, 'audit', entryParts)
  if (buffered) {
    buffered.push(entry)
    return
  }
  await writeParts(await sqlHandle(req), entryParts([entry]))
}

/**
 * A write of our own SQL (one data-modifying statement) and its audit entry, as one statement:
 * atomic without a transaction of its own (three round trips fewer than BEGIN, the write, the
 * entry and COMMIT). Within a transaction the write runs at once and the entry joins the others.
 */
export const writeAudited = async (change: SQL, args: Omit<Args, 'detached'>): Promise<void> => {
  const db = await sqlHandle(args.req)
  if (args.req.transactionID) {
    await db.execute(change)
    await recordAudit(args)
    return
  }
  await writeParts(db, [sql`audit_change as (${change})`, ...entryParts([entryOf(args)])])
}

/**
 * An insert of our own SQL (one statement `returning id` of exactly one row) and its `create`
 * entry, as one statement; answers the new row's id. In a transaction begun by `inTransaction`
 * the entries buffered before it are written with it, in their order, so the commit has none
 * left to write (a statement fewer: the insert's own round trip carries them).
 */
export const insertAudited = async (insert: SQL, args: Omit<Args, 'detached' | 'documentId' | 'action'>): Promise<number> => {
  const buffered = commitBuffer<Entry>(args.req, 'audit', entryParts)
  const earlier = buffered?.splice(0) ?? []
  const entries = [...earlier, entryOf({ ...args, action: 'create' })]
  const db = await sqlHandle(args.req)
  // If this fails, the earlier entries are not put back: a buffer exists only in `inTransaction`'s
  // transactions, and one whose statement failed throws at its end (`StatementFailedInside`).
  const { rows } = await db.execute<{ id: number }>(sql`with ${sql.join([sql`audit_change as (${insert})`, ...entryParts(entries, true)], sql`, `)} select id from audit_change`)
  if (rows.length !== 1) {
    throw new Error(`insertAudited: the insert made ${rows.length} rows, not one.`)
  }
  return rows[0]!.id
}
