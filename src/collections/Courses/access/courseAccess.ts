import type { Access, Where } from 'payload'

import { anyOf } from '@/access/anyOf'
import { isSuperAdmin } from '@/access/isSuperAdmin'
import { activeMemberships, tenantsWhereUserIs } from '@/access/memberships'
import { adminTenants, schoolAdmins, staffTenants } from '@/access/staff'
import { requestTenant } from '@/tenancy/resolveTenant'

/** What anyone may see of a school: its published courses that are not archived. */
const publicCourses = (tenants: number[]): Where => ({
  and: [{ tenant: { in: tenants } }, { _status: { equals: 'published' } }, { archived: { not_equals: true } }],
})

/**
 * Visitors and students read the published, non-archived courses of the school the
 * request is for and of their own schools; staff also read their schools' drafts and
 * archived courses.
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
  const staffOf = await staffTenants(req)
  const conditions: Where[] = []
  if (visible.size > 0) {
    conditions.push(publicCourses([...visible]))
  }
  if (staffOf.length > 0) {
    conditions.push({ tenant: { in: staffOf } })
  }
  return anyOf(conditions)
}

/** Versions (drafts among them) are for staff only. */
export const readCourseVersions: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const staffOf = await staffTenants(req)
  return staffOf.length > 0 ? { 'version.tenant': { in: staffOf } } : false
}

/**
 * Tenant-admins edit every course of their school; instructors the courses they teach.
 * A condition rather than a list of IDs, so an instructor who teaches nothing yet may
 * still publish the course they are creating.
 */
export const updateCourses: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const admin = await adminTenants(req)
  const teaching = await tenantsWhereUserIs(req, ['instructor'])
  const conditions: Where[] = []
  if (admin.length > 0) {
    conditions.push({ tenant: { in: admin } })
  }
  if (teaching.length > 0 && req.user) {
    conditions.push({ and: [{ tenant: { in: teaching } }, { instructors: { contains: req.user.id } }] })
  }
  return anyOf(conditions)
}

/** Only tenant-admins delete courses; archiving is the everyday way to retire one. */
export const deleteCourses: Access = schoolAdmins
