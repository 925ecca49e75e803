import type { PayloadRequest } from 'payload'

import type { Enrollment } from '@/payload-types'

import { sql } from '@payloadcms/db-postgres'

import { sqlHandle } from '@/services/database/transactions'
import { ENROLLMENTS } from '@/shared/slugs'

/** A person's enrollment in a course (one at most: a unique index holds it), as the system sees it. */
export const enrollmentOf = async (req: PayloadRequest, userId: number, courseId: number): Promise<Enrollment | undefined> =>
  (
    await req.payload.find({
      collection: ENROLLMENTS,
      where: { and: [{ user: { equals: userId } }, { course: { equals: courseId } }] },
      limit: 1,
      // One row at most: no count of the rest.
      pagination: false,
      depth: 0,
      overrideAccess: true,
      req,
    })
  ).docs[0]

/**
 * Only the status of a person's enrollment in a course, for a check asked on every checkout: one
 * column by the unique index, without Payload building and reading back the whole document.
 */
export const enrollmentStatusOf = async (req: PayloadRequest, userId: number, courseId: number): Promise<Enrollment['status'] | undefined> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`select status from enrollments where user_id = ${userId} and course_id = ${courseId}`)
  return (rows[0] as { status: Enrollment['status'] } | undefined)?.status
}
