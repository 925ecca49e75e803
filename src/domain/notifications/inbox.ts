import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { sqlList } from '@/services/database/adapter'
import { sqlHandle } from '@/services/database/transactions'

import { announceRead } from './live'

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
  if (rows.length > 0) {
    // The person's other tabs and devices show the new count.
    await announceRead(req, person)
  }
  return { marked: rows.length, unread: await unreadCount(req, person) }
}

/** Unread counts of several people at once (the live sockets' fan-out), by person. */
export const unreadCounts = async (req: PayloadRequest, people: readonly number[]): Promise<Map<number, number>> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    select n.person_id, count(*)::int as unread from notifications n
    where n.person_id = any(${sqlList(people)}::int[]) and n.read_at is null
      and exists (select 1 from users_tenants m where m._parent_id = n.person_id and m.tenant_id = n.tenant_id)
    group by n.person_id`)
  const counts = new Map(people.map((p) => [p, 0]))
  for (const row of rows as { person_id: number; unread: number }[]) {
    counts.set(Number(row.person_id), Number(row.unread))
  }
  return counts
}

/** Notification rows as a person's socket is sent them: by id, or a person's in a school after one they had. */
export type LiveNotification = { id: number; person: number; tenant: number; kind: string; category: string; critical: boolean; title: string; body: string | null; link: string | null; locale: string; readAt: string | null; createdAt: string }

const LIVE_COLUMNS = sql`n.id, n.person_id as person, n.tenant_id as tenant, n.kind, n.category, n.critical, n.title, n.body, n.link, n.locale, n.read_at as "readAt", n.created_at as "createdAt"`

export const notificationsByIds = async (req: PayloadRequest, ids: readonly number[]): Promise<LiveNotification[]> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`select ${LIVE_COLUMNS} from notifications n where n.id = any(${sqlList(ids)}::int[]) order by n.id`)
  return rows as LiveNotification[]
}

/** What a reconnecting socket missed: the person's notifications in the school after the last one it had (at most `limit`). */
export const notificationsAfter = async (req: PayloadRequest, person: number, tenant: number, after: number, limit: number): Promise<LiveNotification[]> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`select ${LIVE_COLUMNS} from notifications n where n.person_id = ${person} and n.tenant_id = ${tenant} and n.id > ${after} order by n.id limit ${limit}`)
  return rows as LiveNotification[]
}
