import type { Access } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { courseStaffConditions } from '@/domain/identity/staff'
import { anyOf } from '@/shared/anyOf'

/** The course's staff see its classes' attendance; a student their own. */
export const readAttendance: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const conditions = await courseStaffConditions(req)
  if (req.user?.collection === 'users') {
    conditions.push({ student: { equals: req.user.id } })
  }
  return anyOf(conditions)
}

/** The course's staff correct attendance (the fields they may change say what). */
export const correctAttendance: Access = async ({ req }) => (isSuperAdmin(req.user) ? true : anyOf(await courseStaffConditions(req)))

