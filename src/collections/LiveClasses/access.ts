import type { Access } from 'payload'

import { createInOwnTenant } from '@/access/createInOwnTenant'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { courseStaffConditions } from '@/domain/identity/staff'
import { anyOf } from '@/shared/anyOf'
import { LIVE_CLASSES } from '@/shared/slugs'

import { coursesLearning } from '../Assignments/access/assignmentAccess'

/** The course's staff (its school's admins, its instructors) see its classes; its students the classes of courses they learn in. */
export const readLiveClasses: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const conditions = await courseStaffConditions(req)
  const learning = await coursesLearning(req)
  if (learning.length > 0) {
    conditions.push({ course: { in: learning } })
  }
  return anyOf(conditions)
}

/** The school's admins schedule and change every class of the school; instructors those of the courses they teach. */
export const manageLiveClasses: Access = async ({ req }) => (isSuperAdmin(req.user) ? true : anyOf(await courseStaffConditions(req)))

export const createLiveClasses: Access = createInOwnTenant(LIVE_CLASSES)

