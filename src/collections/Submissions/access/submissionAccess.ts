import type { Access, FieldAccess } from 'payload'

import { anyOf } from '@/access/anyOf'
import { isSuperAdmin } from '@/access/isSuperAdmin'
import { ownerOrCourseStaff } from '@/access/ownerOrCourseStaff'
import { courseStaffConditions, isCourseStaff, schoolAdmins } from '@/access/staff'
import { relationId } from '@/fields/relationId'

/** Students read their own submissions; the course's instructors and the school's admins all of them. */
export const readSubmissions: Access = ownerOrCourseStaff('student')

/** The course's instructors and the school's admins grade; field access keeps the hand-in itself as it was. */
export const updateSubmissions: Access = async ({ req }) => (isSuperAdmin(req.user) ? true : anyOf(await courseStaffConditions(req)))

/** Only tenant-admins delete submissions. */
export const deleteSubmissions: Access = schoolAdmins

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
