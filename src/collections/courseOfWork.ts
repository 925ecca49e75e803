import type { PayloadRequest } from 'payload'

import type { Course } from '@/payload-types'

import { Forbidden, ValidationError } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { activeMemberships } from '@/domain/identity/memberships'
import { adminTenants, coursesTaught } from '@/domain/identity/staff'
import { COURSES } from '@/shared/slugs'
import { referenceId } from '@/shared/referenceId'
import { relationId } from '@/shared/relationId'

export type Problem = { path: string; message: string }

/**
 * The course a piece of course work (an assignment, a quiz) is saved into: one the requester
 * may manage, in their school, never another than before. Sets the work's school to the
 * course's; `problems` gathers what the caller reports with its own.
 */
export const courseOfWork = async ({
  req,
  collection,
  noun,
  data,
  originalDoc,
  operation,
}: {
  req: PayloadRequest
  collection: string
  /** "An assignment", "A quiz". */
  noun: string
  data: { course?: unknown; tenant?: unknown }
  originalDoc: { course?: unknown } | undefined
  operation: 'create' | 'update'
}): Promise<{ course: Pick<Course, 'id' | 'tenant' | 'sections'>; tenant: number; problems: Problem[] }> => {
  // A value that names no possible course is left to the reference check, which answers it.
  const courseId = referenceId(data.course ?? originalDoc?.course) ?? undefined
  const problems: Problem[] = []
  const course =
    courseId === undefined
      ? null
      : await req.payload.findByID({ collection: COURSES, id: courseId, depth: 0, select: { tenant: true, sections: true }, overrideAccess: true, disableErrors: true, req })
  const tenant = relationId(course?.tenant)
  // Another school's course answers as a missing one: nobody learns which IDs exist elsewhere.
  const ownSchool = isSuperAdmin(req.user) || !req.user || (await activeMemberships(req)).some((m) => m.tenantId === tenant)
  if (!course || tenant === undefined || !ownSchool) {
    throw new ValidationError({ collection, errors: [{ path: 'course', message: 'Choose a course of this school.' }] })
  }
  if (operation === 'update' && relationId(originalDoc?.course) !== courseId) {
    problems.push({ path: 'course', message: `${noun} cannot move to another course.` })
  }
  if (data.tenant !== undefined && data.tenant !== null && relationId(data.tenant) !== tenant) {
    problems.push({ path: 'tenant', message: `${noun} belongs to the school of its course.` })
  }
  data.tenant = tenant
  // Create access cannot see the course; this is where an instructor of another course is stopped.
  if (req.user && !isSuperAdmin(req.user)) {
    const manages = (await adminTenants(req)).includes(tenant) || (await coursesTaught(req)).includes(courseId!)
    if (!manages) {
      throw new Forbidden(req.t)
    }
  }
  return { course: course as Pick<Course, 'id' | 'tenant' | 'sections'>, tenant, problems }
}
