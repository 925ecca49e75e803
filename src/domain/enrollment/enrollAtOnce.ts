import type { PayloadRequest } from 'payload'

import type { Enrollment } from '@/payload-types'

import { sql } from '@payloadcms/db-postgres'

import { recordAudit } from '@/services/audit/recordAudit'
import { executePrepared, sqlList } from '@/services/database/adapter'
import { sqlHandle } from '@/services/database/transactions'
import { ENROLLMENTS } from '@/shared/slugs'

import type { EnrollmentStatus } from './status'

import { recordEnrollmentEvents } from './events'

export type AtOnce = { tenant: number; person: number; course: number; title: string; source: Enrollment['source'] }

/**
 * New active enrollments written with one insert, for callers that have already established
 * what the enrollment rules check (`checkEnrollmentWrite`): person and course in the same
 * school, the person a member there, and a course without a capacity to count (capped courses
 * go through the rules, under the course's lock). The unique (person, course) index refuses a
 * second enrollment, and so does this for a second of the same pair in the list: then nothing
 * is written for it (`undefined` in its place) and the caller goes the usual way. Audited and
 * announced as any other new enrollment. Used where enrollments arrive by the hundred a second
 * (a payment provider's webhooks).
 */
export const enrollAllAtOnce = async (req: PayloadRequest, wanted: readonly AtOnce[]): Promise<(number | undefined)[]> => {
  const pair = (person: number, course: number) => `${person}:${course}`
  const first = wanted.filter((w, i) => wanted.findIndex((o) => o.person === w.person && o.course === w.course) === i)
  if (first.length === 0) {
    return []
  }
  const column = <T extends string | number>(pick: (w: AtOnce) => T) => sqlList(first.map(pick))
  const status: EnrollmentStatus = 'active'
  const db = await sqlHandle(req)
  const { rows } = await executePrepared(db, sql`
    insert into enrollments (tenant_id, user_id, course_id, status, source, progress, requested_at, activated_at, title)
    select w.tenant, w.person, w.course, ${status}, w.source::enum_enrollments_source, 0, now(), now(), w.title
    from unnest(${column((w) => w.tenant)}::int[], ${column((w) => w.person)}::int[], ${column((w) => w.course)}::int[], ${column((w) => w.source ?? 'payment')}::text[], ${column((w) => w.title.slice(0, 300))}::text[]) as w(tenant, person, course, source, title)
    on conflict (user_id, course_id) do nothing
    returning id, user_id, course_id, updated_at`)
  const made = new Map((rows as { id: number; user_id: number; course_id: number; updated_at: string }[]).map((r) => [pair(Number(r.user_id), Number(r.course_id)), r]))
  const ids: (number | undefined)[] = wanted.map(() => undefined)
  for (const w of first) {
    const row = made.get(pair(w.person, w.course))
    if (!row) {
      continue
    }
    const id = Number(row.id)
    ids[wanted.indexOf(w)] = id
    await recordAudit({ req, action: 'create', collection: ENROLLMENTS, documentId: id, changedFields: ['activatedAt', 'course', 'progress', 'requestedAt', 'source', 'status', 'tenant', 'title', 'user'], tenants: [w.tenant] })
    const doc = { id, tenant: w.tenant, user: w.person, course: w.course, status, source: w.source, progress: 0, updatedAt: new Date(row.updated_at).toISOString() } as Enrollment
    await recordEnrollmentEvents({ req, doc, previous: undefined })
  }
  return ids
}
