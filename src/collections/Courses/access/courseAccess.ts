import type { Access, PayloadRequest, Where } from 'payload'

import { anyOf } from '@/shared/anyOf'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { activeMemberships, tenantsWhereUserIs } from '@/domain/identity/memberships'
import { adminTenants, courseStaffConditions, onVersions, schoolAdmins } from '@/domain/identity/staff'
import { requestTenant } from '@/tenancy/resolveTenant'

/** What anyone may see of a school: its published courses that are not archived. */
const publicCourses = (tenants: number[]): Where => ({
  and: [{ tenant: { in: tenants } }, { _status: { equals: 'published' } }, { archived: { not_equals: true } }],
})

/**
 * The courses a person works on: every course of the schools they administer, and the courses
 * they teach. A condition rather than a list of IDs, so an instructor who teaches nothing yet
 * may still publish the course they are creating.
 */
const courseEditorConditions = async (req: PayloadRequest): Promise<Where[]> => {
  const admin = await adminTenants(req)
  const teaching = await tenantsWhereUserIs(req, ['instructor'])
  return [
    ...(admin.length > 0 ? [{ tenant: { in: admin } }] : []),
    ...(teaching.length > 0 && req.user ? [{ and: [{ tenant: { in: teaching } }, { instructors: { contains: req.user.id } }] }] : []),
  ]
}

/**
 * Visitors and students read the published, non-archived courses of the school the
 * request is for and of their own schools; the courses' editors (the school's admins, the
 * course's instructors) also read its drafts and archived state.
 */
export const readCourses: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const visible = new Set((await activeMemberships(req)).map((m) => m.tenantId))
  const resolution = await requestTenant(req)
  if (resolution.kind === 'tenant') {
    visible.add(resolution.tenant.id)
  }
  const conditions: Where[] = []
  if (visible.size > 0) {
    conditions.push(publicCourses([...visible]))
  }
  return anyOf([...conditions, ...(await courseEditorConditions(req))])
}

/**
 * Versions (drafts among them) are for the course's staff only: its school's admins and its
 * instructors. An instructor creating a course teaches it, so their own drafts stay theirs.
 */
export const readCourseVersions: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  return anyOf(onVersions(await courseStaffConditions(req, 'id')))
}

/** Tenant-admins edit every course of their school; instructors the courses they teach. */
export const updateCourses: Access = async ({ req }) => (isSuperAdmin(req.user) ? true : anyOf(await courseEditorConditions(req)))

/** Only tenant-admins delete courses; archiving is the everyday way to retire one. */
export const deleteCourses: Access = schoolAdmins
