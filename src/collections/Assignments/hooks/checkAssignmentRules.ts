import type { CollectionBeforeChangeHook } from 'payload'

import type { Assignment } from '@/payload-types'

import { Forbidden, ValidationError } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { activeMemberships } from '@/domain/identity/memberships'
import { adminTenants, coursesTaught } from '@/domain/identity/staff'
import { ASSIGNMENTS, COURSES } from '@/shared/slugs'
import { referenceId } from '@/shared/referenceId'
import { relationId } from '@/shared/relationId'
import { lessonsOf } from '@/domain/enrollment/progress'

type Problem = { path: string; message: string }

const time = (value: string | null | undefined): number | undefined => (value ? new Date(value).getTime() : undefined)

/**
 * An assignment belongs to a course the requester may manage, takes the course's school,
 * and its dates, late policy, rubric and pass mark agree with each other.
 */
export const checkAssignmentRules: CollectionBeforeChangeHook<Assignment> = async ({ data, originalDoc, operation, req }) => {
  const merged = { ...originalDoc, ...data } as Assignment
  // A value that names no possible course is left to the reference check, which answers it.
  const courseId = referenceId(merged.course) ?? undefined
  const problems: Problem[] = []
  const course =
    courseId === undefined
      ? null
      : await req.payload.findByID({ collection: COURSES, id: courseId, depth: 0, select: { tenant: true, sections: true }, overrideAccess: true, disableErrors: true, req })
  const tenant = relationId(course?.tenant)
  // Another school's course answers as a missing one: nobody learns which IDs exist elsewhere.
  const ownSchool = isSuperAdmin(req.user) || !req.user || (await activeMemberships(req)).some((m) => m.tenantId === tenant)
  if (!course || tenant === undefined || !ownSchool) {
    throw new ValidationError({ collection: ASSIGNMENTS, errors: [{ path: 'course', message: 'Choose a course of this school.' }] })
  }
  if (operation === 'update' && relationId(originalDoc?.course) !== courseId) {
    problems.push({ path: 'course', message: 'An assignment cannot move to another course.' })
  }
  if (data.tenant !== undefined && data.tenant !== null && relationId(data.tenant) !== tenant) {
    problems.push({ path: 'tenant', message: 'An assignment belongs to the school of its course.' })
  }
  data.tenant = tenant
  // Create access cannot see the course; this is where an instructor of another course is stopped.
  if (req.user && !isSuperAdmin(req.user)) {
    const manages = (await adminTenants(req)).includes(tenant) || (await coursesTaught(req)).includes(courseId!)
    if (!manages) {
      throw new Forbidden(req.t)
    }
  }
  if (merged.lesson && !lessonsOf(course).some((l) => l.id === merged.lesson)) {
    problems.push({ path: 'lesson', message: 'Choose a lesson of this course, or none.' })
  }
  const opens = time(merged.opensAt)
  const due = time(merged.dueAt)
  const cutoff = time(merged.cutoffAt)
  if (opens !== undefined && due !== undefined && opens >= due) {
    problems.push({ path: 'dueAt', message: 'The due date must come after the opening.' })
  }
  if (merged.latePolicy === 'cutoff' && cutoff === undefined) {
    problems.push({ path: 'cutoffAt', message: 'Give the cut-off after which late work is refused.' })
  }
  if (cutoff !== undefined && (due === undefined || cutoff < due)) {
    problems.push({ path: 'cutoffAt', message: 'The cut-off comes after the due date.' })
  }
  if (merged.latePolicy === 'penalty' && !(typeof merged.latePenaltyPercentPerDay === 'number' && merged.latePenaltyPercentPerDay > 0)) {
    problems.push({ path: 'latePenaltyPercentPerDay', message: 'Give the penalty per late day, in percent.' })
  }
  const maxPoints = merged.maxPoints ?? 0
  if (typeof merged.passMark === 'number' && merged.passMark > maxPoints) {
    problems.push({ path: 'passMark', message: 'The pass mark cannot exceed the maximum points.' })
  }
  const rubric = merged.rubric ?? []
  if (rubric.length > 0) {
    const top = rubric.reduce((sum, criterion) => sum + Math.max(0, ...(criterion.levels ?? []).map((l) => l.points ?? 0)), 0)
    if (top !== maxPoints) {
      problems.push({ path: 'rubric', message: `The rubric's best levels add up to ${top}; make them add up to the maximum points (${maxPoints}).` })
    }
  }
  if (merged.submissionType !== 'text' && (merged.allowedFileTypes ?? []).length === 0) {
    problems.push({ path: 'allowedFileTypes', message: 'Choose the file types students may hand in.' })
  }
  if (problems.length > 0) {
    throw new ValidationError({ collection: ASSIGNMENTS, errors: problems })
  }
  return data
}
