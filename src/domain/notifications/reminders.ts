import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { recordEvent } from '@/domain/events/recordEvent'
import { inTransaction, sqlHandle } from '@/services/database/transactions'
import { ASSIGNMENTS, QUIZZES } from '@/shared/slugs'

/** How long before its due date (or a quiz's closing) work is reminded of. */
export const REMINDER_HOURS = 24

type Due = { id: number; tenant_id: number; course_id: number; due: string | Date; title: string | null }

/**
 * Announces the published assignments due, and quizzes closing, within the next 24 hours, each
 * once for its due date: a row in `reminders_sent` (kind, subject, due) is taken in the
 * statement that picks it, so two workers, or the job run twice, announce it once; work whose
 * date is moved is announced again for the new one. The events' notifications remind only the
 * students who have not done the work yet (see kinds.ts).
 */
export const announceDueWork = (req: PayloadRequest, now = new Date()): Promise<number> =>
  inTransaction(req, async () => {
    const db = await sqlHandle(req)
    const until = new Date(now.getTime() + REMINDER_HOURS * 3_600_000).toISOString()
    const at = now.toISOString()
    const title = (table: string) => sql`coalesce((select l.title from ${sql.raw(`"${table}"`)} l where l._parent_id = w.id and l._locale = 'en'), (select l.title from ${sql.raw(`"${table}"`)} l where l._parent_id = w.id limit 1))`
    const { rows: assignments } = await db.execute(sql`
      with due as (
        select w.id, w.tenant_id, w.course_id, w.due_at as due, ${title('assignments_locales')} as title from assignments w
        where w._status = 'published' and w.due_at > ${at}::timestamptz and w.due_at <= ${until}::timestamptz
      ), taken as (
        insert into reminders_sent (kind, subject, due) select 'assignment-due', id, due from due on conflict do nothing returning subject
      )
      select due.* from due join taken on taken.subject = due.id`)
    const { rows: quizzes } = await db.execute(sql`
      with due as (
        select w.id, w.tenant_id, w.course_id, w.closes_at as due, ${title('quizzes_locales')} as title from quizzes w
        where w._status = 'published' and w.closes_at > ${at}::timestamptz and w.closes_at <= ${until}::timestamptz
      ), taken as (
        insert into reminders_sent (kind, subject, due) select 'quiz-closing', id, due from due on conflict do nothing returning subject
      )
      select due.* from due join taken on taken.subject = due.id`)
    for (const row of assignments as Due[]) {
      await recordEvent(req, {
        type: 'assignment.due-soon',
        tenant: Number(row.tenant_id),
        subject: { collection: ASSIGNMENTS, id: Number(row.id) },
        payload: { assignment: Number(row.id), course: Number(row.course_id), title: row.title ?? '', dueAt: new Date(row.due).toISOString() },
      })
    }
    for (const row of quizzes as Due[]) {
      await recordEvent(req, {
        type: 'quiz.closing-soon',
        tenant: Number(row.tenant_id),
        subject: { collection: QUIZZES, id: Number(row.id) },
        payload: { quiz: Number(row.id), course: Number(row.course_id), title: row.title ?? '', closesAt: new Date(row.due).toISOString() },
      })
    }
    return assignments.length + quizzes.length
  })
