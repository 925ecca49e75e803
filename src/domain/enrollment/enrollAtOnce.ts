import type { PayloadRequest } from 'payload'

import type { Enrollment } from '@/payload-types'

import { sql } from '@payloadcms/db-postgres'

import { recordAudit } from '@/services/audit/recordAudit'
import { sqlHandle } from '@/services/database/transactions'
import { ENROLLMENTS } from '@/shared/slugs'

import type { EnrollmentStatus } from './status'

import { recordEnrollmentEvents } from './events'

/**
 * A new active enrollment written with one insert, for callers that have already established
 * what the enrollment rules check (`checkEnrollmentWrite`): person and course in the same
 * school, the person a member there, and a course without a capacity to count (capped courses
 * go through the rules, under the course's lock). The unique (person, course) index refuses a
 * second enrollment: then nothing is written and the caller goes the usual way. Audited and
 * announced as any other new enrollment. Used where enrollments arrive by the hundred a second
 * (a payment provider's webhooks).
 */
export const enrollAtOnce = async (
  req: PayloadRequest,
  { tenant, person, course, title, source }: { tenant: number; person: number; course: number; title: string; source: Enrollment['source'] },
): Promise<number | undefined> => {
  const db = await sqlHandle(req)
  const status: EnrollmentStatus = 'active'
  const { rows } = await db.execute(sql`
    insert into enrollments (tenant_id, user_id, course_id, status, source, progress, requested_at, activated_at, title)
    values (${tenant}, ${person}, ${course}, ${status}, ${source}, 0, now(), now(), ${title.slice(0, 300)})
    on conflict (user_id, course_id) do nothing
    returning id, updated_at`)
  const row = rows[0] as { id: number; updated_at: string } | undefined
  if (!row) {
    return undefined
  }
  const id = Number(row.id)
  await recordAudit({ req, action: 'create', collection: ENROLLMENTS, documentId: id, changedFields: ['activatedAt', 'course', 'progress', 'requestedAt', 'source', 'status', 'tenant', 'title', 'user'], tenants: [tenant] })
  const doc = { id, tenant, user: person, course, status, source, progress: 0, updatedAt: new Date(row.updated_at).toISOString() } as Enrollment
  await recordEnrollmentEvents({ req, doc, previous: undefined })
  return id
}
