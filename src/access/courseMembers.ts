import type { Access } from 'payload'

import { coursesLearning } from '@/domain/enrollment/coursesLearning'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { courseStaffConditions } from '@/domain/identity/staff'
import { anyOf } from '@/shared/anyOf'

/** Records of a course (a `course` field) for its staff (its school's admins, its instructors) and the students learning in it now. */
export const courseStaffAndLearners: Access = async ({ req }) => {
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

/** Records of a course for its staff alone. */
export const courseStaffOnly: Access = async ({ req }) => (isSuperAdmin(req.user) ? true : anyOf(await courseStaffConditions(req)))
