import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { sqlList } from '@/services/database/adapter'
import { sqlHandle } from '@/services/database/transactions'

/**
 * A person's notifications as they may list them: their own, from the schools they belong to
 * (the same rows the collection's access and the multi-tenant plugin let them read).
 */
const own = (person: number) => sql`n.person_id = ${person} and n.tenant_id in (select m.tenant_id from users_tenants m where m._parent_id = ${person})`

/** How many of a person's notifications are unread. */
export const unreadCount = async (req: PayloadRequest, person: number): Promise<number> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`select count(*)::int as unread from notifications n where ${own(person)} and n.read_at is null`)
  return Number((rows[0] as { unread: number }).unread)
}

/**
 * Marks a person's notifications read: the ones named (others' ids, or ids that do not exist,
 * change nothing), or all of them. Marking one already read again keeps its first time.
 */
export const markRead = async (req: PayloadRequest, person: number, which: { ids: number[] } | 'all'): Promise<{ marked: number; unread: number }> => {
  const db = await sqlHandle(req)
  const named = which === 'all' ? sql`true` : sql`n.id = any(${sqlList(which.ids)}::int[])`
  const { rows } = await db.execute(sql`update notifications n set read_at = now(), updated_at = now() where ${own(person)} and n.read_at is null and ${named} returning n.id`)
  return { marked: rows.length, unread: await unreadCount(req, person) }
}
