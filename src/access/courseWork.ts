import type { Access } from 'payload'

import { anyOf } from '@/shared/anyOf'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { courseStaffConditions, onVersions } from '@/domain/identity/staff'
import { coursesLearning } from '@/domain/enrollment/coursesLearning'

/**
 * Work set in a course (assignments, quizzes: a `course` field and drafts): the course's staff
 * see all of it, students the published work of the courses they learn in.
 */
export const readCourseWork: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const conditions = await courseStaffConditions(req)
  const learning = await coursesLearning(req)
  if (learning.length > 0) {
    conditions.push({ and: [{ course: { in: learning } }, { _status: { equals: 'published' } }] })
  }
  return anyOf(conditions)
}

/** Tenant-admins manage the work of every course of their school; instructors that of the courses they teach. */
export const manageCourseWork: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  return anyOf(await courseStaffConditions(req))
}

/** Versions (drafts) are for the course's staff only: its school's admins and its instructors. */
export const readCourseWorkVersions: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  return anyOf(onVersions(await courseStaffConditions(req)))
}
