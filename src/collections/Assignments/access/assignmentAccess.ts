import type { Access, Where } from 'payload'

import { anyOf } from '@/shared/anyOf'
import { createInOwnTenant } from '@/access/createInOwnTenant'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { courseStaffConditions, onVersions } from '@/domain/identity/staff'
import { LEARNING } from '@/domain/enrollment/status'
import { ASSIGNMENTS, ENROLLMENTS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'

declare module 'payload' {
  interface RequestContext {
    /** The courses the requester learns in, found once per request. */
    coursesLearning?: number[]
  }
}

/** Courses the requester is learning in: active or completed enrollments. */
export const coursesLearning = async (req: Parameters<Access>[0]['req']): Promise<number[]> => {
  const cached = req.context.coursesLearning
  if (cached) {
    return cached
  }
  let ids: number[] = []
  if (req.user?.collection === 'users') {
    const found = await req.payload.find({
      collection: ENROLLMENTS,
      where: { and: [{ user: { equals: req.user.id } }, { status: { in: [...LEARNING] } }] },
      pagination: false,
      depth: 0,
      select: { course: true },
      overrideAccess: true,
      req,
    })
    ids = found.docs.map((doc) => relationId(doc.course)).filter((id): id is number => id !== undefined)
  }
  req.context.coursesLearning = ids
  return ids
}

/** Staff of the course's school and course see everything; students the published assignments of their courses. */
export const readAssignments: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const conditions: Where[] = await courseStaffConditions(req)
  const learning = await coursesLearning(req)
  if (learning.length > 0) {
    conditions.push({ and: [{ course: { in: learning } }, { _status: { equals: 'published' } }] })
  }
  return anyOf(conditions)
}

/** Tenant-admins manage every assignment of their school; instructors those of the courses they teach. */
export const manageAssignments: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  return anyOf(await courseStaffConditions(req))
}

/** Staff create assignments in their schools; the course itself is checked by the collection's rules. */
export const createAssignments: Access = createInOwnTenant(ASSIGNMENTS)

/** Versions (drafts) are for the course's staff only: its school's admins and its instructors. */
export const readAssignmentVersions: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  return anyOf(onVersions(await courseStaffConditions(req)))
}
