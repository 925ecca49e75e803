import type { Access } from 'payload'

import { anyOf } from '@/shared/anyOf'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { courseStaffConditions } from '@/domain/identity/staff'

/**
 * Documents about one person in one course (a submission, a certificate): that person
 * reads their own, the course's instructors and the school's admins read all of them.
 */
export const ownerOrCourseStaff =
  (ownerField: string): Access =>
  async ({ req }) => {
    if (isSuperAdmin(req.user)) {
      return true
    }
    if (req.user?.collection !== 'users') {
      return false
    }
    return anyOf([{ [ownerField]: { equals: req.user.id } }, ...(await courseStaffConditions(req))])
  }
