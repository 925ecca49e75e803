import type { FieldHook } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { activeMemberships } from '@/domain/identity/memberships'
import { COURSES } from '@/shared/slugs'
import { referenceId } from '@/shared/referenceId'

/**
 * The school of a document that belongs to a course (an enrollment, an assignment) is the
 * course's, whatever was sent or picked in the admin panel. Set before the tenant field's own
 * check (keepTenant), which then judges the school the document really gets. A course outside
 * the requester's schools is left alone: the collection's own rules answer it as they answer a
 * missing one, so nobody learns which IDs exist elsewhere.
 */
export const tenantOfCourse: FieldHook = async ({ value, data, operation, req }) => {
  const courseId = referenceId((data as { course?: unknown } | undefined)?.course)
  // Once made, the document keeps its school: a change is judged (and refused) by keepTenant.
  if (operation !== 'create' || courseId === null) {
    return value
  }
  const course = await req.payload.findByID({ collection: COURSES, id: courseId, depth: 0, select: { tenant: true }, overrideAccess: true, disableErrors: true, req })
  const tenant = referenceId(course?.tenant)
  const visible = !req.user || isSuperAdmin(req.user) || (await activeMemberships(req)).some((m) => m.tenantId === tenant)
  return tenant !== null && visible ? tenant : value
}
