import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'
import crypto from 'node:crypto'

import { sqlList } from '@/services/database/adapter'
import { sqlHandle } from '@/services/database/transactions'
import { settings } from '@/settings'

import { NOTICE_CATEGORIES, type NoticeCategory } from './kinds'
import { columnOf } from './preferences'

/** Payments mail (receipts, invoices) cannot be turned off, so it carries no unsubscribe link. */
export const UNSUBSCRIBABLE: readonly NoticeCategory[] = NOTICE_CATEGORIES.filter((c) => c !== 'payments')

const signature = (secret: string, person: number, category: string): string =>
  crypto.createHmac('sha256', `${secret}:notification-unsubscribe`).update(`${person}|${category}`).digest('base64url').slice(0, 32)

/** The token of a one-click unsubscribe link: it names the person and category, signed with the server's secret. */
export const unsubscribeToken = (secret: string, person: number, category: NoticeCategory): string => `${person}.${category}.${signature(secret, person, category)}`

export const unsubscribeUrl = (secret: string, person: number, category: NoticeCategory): string =>
  `${settings.serverUrl}/api/notification-preferences/unsubscribe?token=${encodeURIComponent(unsubscribeToken(secret, person, category))}`

/** What a token names, or null when it was not made here (or names a category that cannot be turned off). */
export const readUnsubscribeToken = (secret: string, token: string): { person: number; category: NoticeCategory } | null => {
  const match = /^(\d{1,10})\.([a-z-]{1,40})\.([A-Za-z0-9_-]{32})$/.exec(token)
  if (!match) {
    return null
  }
  const person = Number(match[1])
  const category = match[2] as NoticeCategory
  if (!UNSUBSCRIBABLE.includes(category)) {
    return null
  }
  const expected = Buffer.from(signature(secret, person, category))
  const given = Buffer.from(match[3]!)
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? { person, category } : null
}

/**
 * Turns a category's mail off for a person (their preferences made if they had none). Doing
 * it twice changes nothing more. Whatever was waiting for their digest in it is not sent.
 */
export const unsubscribe = async (req: PayloadRequest, person: number, category: NoticeCategory): Promise<void> => {
  const db = await sqlHandle(req)
  const column = sql.raw(`email_${columnOf(category)}`)
  await db.execute(sql`
    insert into notification_preferences (person_id, ${column}, updated_at, created_at)
    select u.id, 'never', now(), now() from users u where u.id = ${person}
    on conflict (person_id) do update set ${column} = 'never', updated_at = now()`)
  await cancelWaiting(req, person, [category])
}

/** What waited for a person's digest in categories they turned off is not sent. */
export const cancelWaiting = async (req: PayloadRequest, person: number, categories: readonly NoticeCategory[]): Promise<void> => {
  if (categories.length === 0) {
    return
  }
  const db = await sqlHandle(req)
  await db.execute(sql`update notification_emails set state = 'cancelled', response = 'Turned off before the digest went out.', updated_at = now()
    where person_id = ${person} and category = any(${sqlList(categories)}::enum_notification_emails_category[]) and state = 'waiting' and not critical`)
}
