import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { recordEvent } from '@/domain/events/recordEvent'
import { inTransaction, sqlHandle } from '@/services/database/transactions'
import { LIVE_CLASSES } from '@/shared/slugs'

/** How long before its start a class is announced as starting soon. */
export const STARTING_SOON_MINUTES = 60

/**
 * Announces each class starting within the hour, once: `live-class.starting-soon`. A class is
 * marked in the same statement that picks it, so two workers (or a job run twice) announce it
 * once; a class moved later is announced again at its new time (scheduling clears the mark).
 */
export const announceStartingSoon = (req: PayloadRequest, now = new Date()): Promise<number> =>
  inTransaction(req, async () => {
    const db = await sqlHandle(req)
    const { rows } = await db.execute(sql`
      update live_classes set starting_soon_at = ${now.toISOString()}::timestamptz
      where status = 'scheduled' and starting_soon_at is null
        and starts_at > ${now.toISOString()}::timestamptz and starts_at <= ${new Date(now.getTime() + STARTING_SOON_MINUTES * 60_000).toISOString()}::timestamptz
      returning id, tenant_id, course_id, host_id, starts_at, duration_minutes`)
    for (const row of rows as { id: number; tenant_id: number; course_id: number; host_id: number; starts_at: string | Date; duration_minutes: string | number }[]) {
      const startsAt = new Date(row.starts_at).toISOString()
      await recordEvent(req, {
        type: 'live-class.starting-soon',
        tenant: Number(row.tenant_id),
        subject: { collection: LIVE_CLASSES, id: Number(row.id) },
        payload: { liveClass: Number(row.id), course: Number(row.course_id), host: Number(row.host_id), startsAt, durationMinutes: Number(row.duration_minutes), minutesToStart: Math.round((Date.parse(startsAt) - now.getTime()) / 60_000) },
      })
    }
    return rows.length
  })
