import type { Access, Where } from 'payload'

import { anyOf } from '@/shared/anyOf'
import { createInOwnTenant } from '@/access/createInOwnTenant'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { courseStaffConditions, onVersions } from '@/domain/identity/staff'
import { coursesLearning } from '@/domain/enrollment/coursesLearning'
import { ASSIGNMENTS } from '@/shared/slugs'

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
