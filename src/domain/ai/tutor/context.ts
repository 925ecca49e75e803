import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { sqlHandle } from '@/services/database/transactions'

export type TurnContext = {
  /** The student's enrollment in the course, if any. */
  enrollment: { status: string; activatedAt: string | null } | null
  /** The course's title in the student's language (English where it has none). */
  courseTitle: string
  /** The student's last messages in this course, oldest first. */
  history: { role: 'student' | 'tutor'; text: string }[]
  /** Titles of the course's graded work still open (published assignments before their cut-off, quizzes not closed). */
  openWork: string[]
}

/** A localized title in the reader's language, else English: Payload's fallback, as SQL. */
const titleIn = (table: string, parent: ReturnType<typeof sql>, locale: string) =>
  sql`(select coalesce(nullif(max(case when t._locale::text = ${locale} then t.title end), ''), max(case when t._locale::text = 'en' then t.title end), '') from ${sql.raw(`"${table}"`)} t where t._parent_id = ${parent})`

/**
 * What a tutor turn reads before it asks, in one statement: each read through Payload cost 2 to
 * 4 ms of its own work on every question, and they are plain rows. Read with the system's eyes:
 * the caller has checked the student may read the course.
 */
export const turnContext = async (req: PayloadRequest, { course, person, locale, history }: { course: number; person: number; locale: string; history: number }): Promise<TurnContext> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute<{ enrollment: TurnContext['enrollment']; title: string; history: TurnContext['history'] | null; open: string[] | null }>(sql`
    select
      (select json_build_object('status', e.status, 'activatedAt', e.activated_at) from enrollments e where e.user_id = ${person} and e.course_id = ${course} limit 1) as enrollment,
      ${titleIn('courses_locales', sql`${course}`, locale)} as title,
      (select json_agg(json_build_object('role', m.role, 'text', m.text) order by m.created_at, m.id)
        from (select role, text, created_at, id from tutor_messages where person_id = ${person} and course_id = ${course} order by created_at desc, id desc limit ${history}) m) as history,
      (select json_agg(w.title order by w.title) from (
        select ${titleIn('assignments_locales', sql`a.id`, locale)} as title from assignments a
          where a.course_id = ${course} and a._status = 'published' and (a.cutoff_at > now() or (a.cutoff_at is null and a.due_at > now()))
        union all
        select ${titleIn('quizzes_locales', sql`q.id`, locale)} from quizzes q
          where q.course_id = ${course} and q._status = 'published' and (q.closes_at is null or q.closes_at > now())
      ) w) as open`)
  const row = rows[0]!
  return { enrollment: row.enrollment, courseTitle: row.title ?? '', history: row.history ?? [], openWork: (row.open ?? []).filter(Boolean) }
}
