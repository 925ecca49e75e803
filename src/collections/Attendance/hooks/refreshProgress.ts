import type { CollectionAfterChangeHook } from 'payload'

import type { Attendance } from '@/payload-types'

import { refreshAttendanceProgress } from '@/domain/live/attendanceRecords'
import { referenceId } from '@/shared/referenceId'

/** A correction by staff moves the student's progress, in a course that asks for attendance. */
export const refreshProgress: CollectionAfterChangeHook<Attendance> = async ({ doc, previousDoc, operation, req }) => {
  if (operation === 'update' && !req.context.attendanceSync && (doc.status !== previousDoc.status || doc.minutes !== previousDoc.minutes)) {
    await refreshAttendanceProgress(req, referenceId(doc.course)!, [referenceId(doc.student)!])
  }
  return doc
}
