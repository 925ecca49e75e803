import type { Access } from 'payload'

import { anyOf } from '@/shared/anyOf'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { adminTenants, courseStaffConditions, coursesTaught, schoolAdmins } from '@/domain/identity/staff'
import { COURSES } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'

/**
 * Tenant-admins see their school's enrollments, instructors those of the courses they
 * teach, and everyone their own.
 */
export const readEnrollments: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  if (!req.user || req.user.collection !== 'users') {
    return false
  }
  return anyOf([{ user: { equals: req.user.id } }, ...(await courseStaffConditions(req))])
}

/** Staff manage enrollments: tenant-admins of the school, instructors of the course. */
export const manageEnrollments: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  return anyOf(await courseStaffConditions(req))
}

/** Staff enroll someone in a course of their school (admin) or one they teach (instructor). */
export const createEnrollments: Access = async ({ req, data }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const admin = await adminTenants(req)
  const taught = await coursesTaught(req)
  const courseId = relationId((data as { course?: unknown } | undefined)?.course)
  if (courseId === undefined) {
    return admin.length > 0 || taught.length > 0
  }
  if (taught.includes(courseId)) {
    return true
  }
  const course = await req.payload.findByID({ collection: COURSES, id: courseId, depth: 0, select: { tenant: true }, overrideAccess: true, disableErrors: true, req })
  const tenant = relationId((course as { tenant?: unknown } | null)?.tenant)
  return tenant !== undefined && admin.includes(tenant)
}

/** Only tenant-admins delete enrollment records; cancelling keeps the history. */
export const deleteEnrollments: Access = schoolAdmins
