import type { FieldAccess } from 'payload'

import { isCourseStaff } from '@/domain/identity/staff'
import { referenceId } from '@/shared/referenceId'

/** A field of a course's document (a live class, a student's attendance) that only the course's staff read. */
export const courseStaffField: FieldAccess = async ({ req, doc }) =>
  isCourseStaff(req, { tenant: (doc as { tenant?: unknown } | undefined)?.tenant, course: referenceId((doc as { course?: unknown } | undefined)?.course) ?? undefined })
