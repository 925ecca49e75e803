import type { Access, FieldAccess } from 'payload'

import type { Submission } from '@/payload-types'

import { anyOf } from '@/shared/anyOf'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { ownerOrCourseStaff } from '@/access/ownerOrCourseStaff'
import { courseStaffConditions, schoolAdmins } from '@/domain/identity/staff'

import { hiddenGradeOf, requesterHasHiddenGrades } from './hiddenGrade'

/** Students read their own submissions; the course's instructors and the school's admins all of them. */
export const readSubmissions: Access = ownerOrCourseStaff('student')

/** The course's instructors and the school's admins grade; field access keeps the hand-in itself as it was. */
export const updateSubmissions: Access = async ({ req }) => (isSuperAdmin(req.user) ? true : anyOf(await courseStaffConditions(req)))

/** Only tenant-admins delete submissions. */
export const deleteSubmissions: Access = schoolAdmins

/** Field access is judged without a document when Payload validates `where` and `sort` paths. */
const queryWithoutDocument = (doc: unknown): boolean => (doc as { id?: unknown } | undefined)?.id === undefined

/**
 * Grades reach the student only once released; the course's staff always see them. Nobody
 * else reads the document at all (collection access). Filtering or sorting by a grade field
 * is refused (400) to anyone with a grade still hidden from them: the rows it keeps or the
 * order it gives would tell them the grade.
 */
export const readGrade: FieldAccess = async ({ req, doc }) =>
  queryWithoutDocument(doc) ? !(await requesterHasHiddenGrades(req)) : (await hiddenGradeOf(req, doc as Submission)) === null

/**
 * The status and `updatedAt` are shown to everyone who reads the submission (its student sees
 * them as at hand-in until release, see `hideUnreleased`), but filtering or sorting by them is
 * refused like filtering by the grade: both change when a grade is entered.
 */
export const readGradeTrace: FieldAccess = async ({ req, doc }) => (queryWithoutDocument(doc) ? !(await requesterHasHiddenGrades(req)) : true)
