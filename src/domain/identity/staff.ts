import type { AccessResult, PayloadRequest, Where } from 'payload'

import { anyOf } from '@/shared/anyOf'
import { isSuperAdmin } from './isSuperAdmin'
import { tenantsWhereUserIs } from './memberships'

import { COURSES } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'
import { forbidden } from '@/shared/domainError'

declare module 'payload' {
  interface RequestContext {
    /** The courses the requester teaches, asked for by many access rules. */
    coursesTaught?: number[]
  }
}

/** Tenants where the requester is staff: tenant-admin or instructor. */
export const staffTenants = (req: PayloadRequest): Promise<number[]> => tenantsWhereUserIs(req, ['tenant-admin', 'instructor'])

/** Tenants where the requester is tenant-admin. */
export const adminTenants = (req: PayloadRequest): Promise<number[]> => tenantsWhereUserIs(req, ['tenant-admin'])

/**
 * IDs of the courses the requester teaches, in tenants where they are still an
 * instructor. Cached on the request: access rules ask for it many times.
 */
export const coursesTaught = async (req: PayloadRequest): Promise<number[]> => {
  const cached = req.context.coursesTaught
  if (cached) {
    return cached
  }
  const tenants = await tenantsWhereUserIs(req, ['instructor'])
  let ids: number[] = []
  if (req.user && tenants.length > 0) {
    const found = await req.payload.find({
      collection: COURSES,
      where: { and: [{ instructors: { contains: req.user.id } }, { tenant: { in: tenants } }] },
      pagination: false,
      depth: 0,
      select: {},
      overrideAccess: true,
      req,
    })
    ids = found.docs.map((doc) => doc.id)
  }
  req.context.coursesTaught = ids
  return ids
}

/**
 * Conditions matching the documents (with `tenant` and `course` fields) that the
 * requester looks after: their school's as tenant-admin, their courses' as instructor.
 * For courses themselves the course is the document's own `id`.
 */
export const courseStaffConditions = async (req: PayloadRequest, courseField: 'course' | 'id' = 'course'): Promise<Where[]> => {
  const conditions: Where[] = []
  const admin = await adminTenants(req)
  if (admin.length > 0) {
    conditions.push({ tenant: { in: admin } })
  }
  const taught = await coursesTaught(req)
  if (taught.length > 0) {
    conditions.push({ [courseField]: { in: taught } })
  }
  return conditions
}

/**
 * The same conditions on a collection's versions: the document's fields live under `version.`,
 * and the document itself is the version's `parent`.
 */
export const onVersions = (conditions: Where[]): Where[] =>
  conditions.map((condition) => Object.fromEntries(Object.entries(condition).map(([path, constraint]) => [path === 'id' ? 'parent' : `version.${path}`, constraint])))

/**
 * The courses the requester looks after, as a query: every course for a super-admin,
 * otherwise as `isCourseStaff` judges one course; false when there are none.
 */
export const coursesInCare = async (req: PayloadRequest): Promise<AccessResult> =>
  isSuperAdmin(req.user) ? true : anyOf(await courseStaffConditions(req, 'id'))

/** Whether the requester looks after this course: a super-admin, its school's admin, or its instructor. */
export const isCourseStaff = async (req: PayloadRequest, { tenant, course }: { tenant: unknown; course: number | undefined }): Promise<boolean> =>
  isSuperAdmin(req.user) ||
  (await adminTenants(req)).includes(relationId(tenant) ?? -1) ||
  (course !== undefined && (await coursesTaught(req)).includes(course))

/**
 * The schools a school-wide report (revenue, AI usage) covers for the requester: every school
 * (or the one asked for) for a super-admin, the schools they administer (or the one of them asked
 * for) for a school admin. Anyone else, or a school admin asking for another school, is refused
 * with the report's own words.
 */
export const reportSchools = async (req: PayloadRequest, tenant: number | undefined, refusals: { noSchool: string; otherSchool: string }): Promise<number[] | 'all'> => {
  if (isSuperAdmin(req.user)) {
    return tenant === undefined ? 'all' : [tenant]
  }
  const administered = await adminTenants(req)
  if (administered.length === 0) {
    throw forbidden(refusals.noSchool)
  }
  if (tenant !== undefined && !administered.includes(tenant)) {
    throw forbidden(refusals.otherSchool)
  }
  return tenant === undefined ? administered : [tenant]
}

/** Whether the requester administers the school: one of its tenant-admins, or a super-admin. */
export const administersSchool = async (req: PayloadRequest, tenant: unknown): Promise<boolean> =>
  isSuperAdmin(req.user) || (await adminTenants(req)).includes(relationId(tenant) ?? -1)

/**
 * Access for the school's tenant-admins in person (and super-admins), not its API keys: a
 * school's credentials with outside services (who gets paid, whose Zoom account classes are
 * held on, the secrets that sign their webhooks) are not an integration's to read or change.
 */
export const schoolAdminsInPerson = async ({ req }: { req: PayloadRequest }): Promise<boolean | Where> =>
  (req.user as { kind?: string } | null)?.kind === 'integration' ? false : schoolAdmins({ req })

/** Access for the school's tenant-admins only (and super-admins): deleting records, revoking. */
export const schoolAdmins = async ({ req }: { req: PayloadRequest }): Promise<boolean | Where> => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const admin = await adminTenants(req)
  return admin.length > 0 ? { tenant: { in: admin } } : false
}
