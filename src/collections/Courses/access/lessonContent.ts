import type { FieldAccess } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { staffTenants } from '@/domain/identity/staff'
import { isLearning, releasedAt, viewerEnrollment } from '@/collections/Enrollments/viewerEnrollment'
import { relationId } from '@/shared/relationId'

/**
 * A lesson's content (body, video, file) is for the school's staff and for students
 * with an active or completed enrollment, once the lesson's drip delay has passed.
 * Everyone else sees the outline only: titles, types, required flags.
 */
export const readLessonContent: FieldAccess = async ({ req, doc, siblingData }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const course = doc as { id?: number; tenant?: unknown } | undefined
  const tenant = relationId(course?.tenant)
  if (tenant !== undefined && (await staffTenants(req)).includes(tenant)) {
    return true
  }
  if (typeof course?.id !== 'number') {
    return false
  }
  const enrollment = await viewerEnrollment(req, course.id)
  if (!isLearning(enrollment)) {
    return false
  }
  const delay = (siblingData as { releaseAfterDays?: number | null } | undefined)?.releaseAfterDays
  return releasedAt(enrollment, delay) <= new Date()
}
