import type { Access, FieldAccess } from 'payload'

import { anyOf } from '@/access/anyOf'
import { isSuperAdmin } from '@/access/isSuperAdmin'
import { adminTenants, courseStaffConditions, isCourseStaff } from '@/access/staff'
import { relationId } from '@/fields/relationId'

/** Students read their own submissions; the course's instructors and the school's admins all of them. */
export const readSubmissions: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  if (req.user?.collection !== 'users') {
    return false
  }
  return anyOf([{ student: { equals: req.user.id } }, ...(await courseStaffConditions(req))])
}

/** Only tenant-admins delete submissions; nobody writes them over plain REST (endpoints do). */
export const deleteSubmissions: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const admin = await adminTenants(req)
  return admin.length > 0 ? { tenant: { in: admin } } : false
}

/**
 * Grades reach the student only once released; staff always see them. Nobody else
 * reads the document at all (collection access).
 */
export const readGrade: FieldAccess = async ({ req, doc }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const submission = doc as { student?: unknown; course?: unknown; tenant?: unknown; releasedAt?: string | null } | undefined
  if (relationId(submission?.student) === req.user?.id && req.user?.collection === 'users') {
    return (await isCourseStaff(req, { tenant: submission?.tenant, course: relationId(submission?.course) })) || Boolean(submission?.releasedAt)
  }
  return true
}
