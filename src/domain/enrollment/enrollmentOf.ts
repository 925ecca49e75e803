import type { PayloadRequest } from 'payload'

import type { Enrollment } from '@/payload-types'

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
