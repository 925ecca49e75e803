import type { Access } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { courseStaffConditions } from '@/domain/identity/staff'
import { anyOf } from '@/shared/anyOf'

import { coursesLearning } from '../Assignments/access/assignmentAccess'

/** A class's recordings: the course's staff, and the students learning in the course now (not those who left). */
export const readRecordings: Access = async ({ req }) => {
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

/** The course's staff delete a recording (its file goes with it, and the delete is audited). */
export const deleteRecordings: Access = async ({ req }) => (isSuperAdmin(req.user) ? true : anyOf(await courseStaffConditions(req)))
