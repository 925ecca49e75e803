import { sql } from '@payloadcms/db-postgres'

import type { EventType } from '@/domain/events/catalog'
import type { Subscriber } from '@/domain/events/subscriber'

import { sqlList } from '@/services/database/adapter'
import { sqlHandle } from '@/services/database/transactions'

/** The daily counter each event adds one to. */
const COUNTED: Partial<Record<EventType, 'enrollments' | 'completions' | 'cancellations' | 'hand_ins' | 'grades_released' | 'certificates'>> = {
  'enrollment.activated': 'enrollments',
  'enrollment.completed': 'completions',
  'enrollment.cancelled': 'cancellations',
  'submission.handed-in': 'hand_ins',
  'submission.grade-released': 'grades_released',
  'certificate.issued': 'certificates',
}

type Column = NonNullable<(typeof COUNTED)[EventType]>
const COLUMNS: readonly Column[] = ['enrollments', 'completions', 'cancellations', 'hand_ins', 'grades_released', 'certificates']

/**
 * Analytics as a subscriber: a count per course and day of what happened, kept in
 * `course-activity` in the subscriber's transaction, so an event counts exactly once. A group
 * of events is summed per course and day first and added in one statement.
 */
export const activitySubscriber: Subscriber = {
  name: 'analytics',
  handles: (type) => type in COUNTED,
  handleAll: async ({ req, events }) => {
    const rows = new Map<string, { tenant: number | null; course: number; day: string; counts: Record<Column, number> }>()
    for (const event of events) {
      const column = COUNTED[event.type]
      const course = Number(event.payload.course)
      if (!column || !Number.isInteger(course)) {
        continue
      }
      const day = event.occurredAt.slice(0, 10)
      const key = `${course}|${day}`
      const row = rows.get(key) ?? { tenant: event.tenant, course, day, counts: Object.fromEntries(COLUMNS.map((c) => [c, 0])) as Record<Column, number> }
      row.counts[column] += 1
      rows.set(key, row)
    }
    if (rows.size === 0) {
      return
    }
    // In one order for every worker: two groups upserting the same rows in different orders would deadlock.
    const all = [...rows.values()].sort((a, b) => a.course - b.course || a.day.localeCompare(b.day))
    const db = await sqlHandle(req)
    await db.execute(sql`
      insert into course_activity (tenant_id, course_id, day, ${sql.raw(COLUMNS.join(', '))})
      select * from unnest(${sqlList(all.map((r) => r.tenant))}::int[], ${sqlList(all.map((r) => r.course))}::int[], ${sqlList(all.map((r) => r.day))}::text[],
        ${sql.join(COLUMNS.map((c) => sql`${sqlList(all.map((r) => r.counts[c]))}::int[]`), sql`, `)})
      on conflict (course_id, day) do update set ${sql.raw(COLUMNS.map((c) => `${c} = course_activity.${c} + excluded.${c}`).join(', '))}`)
  },
}
