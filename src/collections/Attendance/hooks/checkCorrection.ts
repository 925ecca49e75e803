import type { CollectionBeforeChangeHook } from 'payload'

import { type AttendanceChange, correctAttendanceRow } from '@/domain/live/corrections'

/** A person's change is a correction, with its rules (src/domain/live/corrections.ts); the system's writes are Zoom's record. */
export const checkCorrection: CollectionBeforeChangeHook = async ({ data, originalDoc, operation, req }) => {
  if (operation !== 'update' || !req.user || req.context.attendanceSync) {
    return data
  }
  return correctAttendanceRow({ req, data: data as AttendanceChange, original: originalDoc as AttendanceChange })
}
