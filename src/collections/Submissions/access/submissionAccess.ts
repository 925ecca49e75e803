import type { Access, FieldAccess } from 'payload'

import { isSuperAdmin } from '@/access/isSuperAdmin'
import { ownerOrCourseStaff } from '@/access/ownerOrCourseStaff'
import { isCourseStaff, schoolAdmins } from '@/access/staff'
import { relationId } from '@/fields/relationId'

/** Students read their own submissions; the course's instructors and the school's admins all of them. */
export const readSubmissions: Access = ownerOrCourseStaff('student')

/** Only tenant-admins delete submissions; nobody writes them over plain REST (endpoints do). */
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
