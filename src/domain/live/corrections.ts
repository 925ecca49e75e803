import type { PayloadRequest } from 'payload'

import { LOCKS, lockFor } from '@/services/database/transactions'
import { invalid } from '@/shared/domainError'
import { referenceId } from '@/shared/referenceId'
import { LIVE_CLASSES } from '@/shared/slugs'

import type { AttendanceStatus } from './attendance'
import { classTimes } from './attendanceRecords'

export type AttendanceChange = { liveClass?: unknown; status?: AttendanceStatus | null; minutes?: number | null; reason?: string | null; share?: number | null }

/**
 * The rules of a person's correction of attendance: once the class has ended, with a reason
 * (kept beside it, and the change in the audit trail), never back to `pending`, and minutes no
 * more than the class lasted. A corrected row is the staff's: Zoom's later reports keep their
 * status and minutes.
 */
export const correctAttendanceRow = async ({ req, data, original }: { req: PayloadRequest; data: AttendanceChange; original: AttendanceChange }) => {
  const status = data.status ?? original.status
  const minutes = data.minutes === undefined ? original.minutes : data.minutes
  // Payload fills what a change leaves out with the stored value: a reason is new only when it differs.
  const newReason = data.reason !== undefined && (data.reason ?? '').trim() !== (original.reason ?? '').trim()
  if (status === original.status && minutes === original.minutes && !newReason) {
    return data
  }
  const classId = referenceId(original.liveClass)!
  // One writer at a time: Zoom's report being applied to the class waits, then keeps the correction.
  await lockFor(req, LOCKS.attendance, classId)
  const klass = await req.payload.findByID({ collection: LIVE_CLASSES, id: classId, depth: 0, overrideAccess: true, req })
  if (klass.status !== 'ended') {
    throw invalid('Attendance is corrected once the class has ended: until then it follows Zoom.', { field: 'status' })
  }
  if (status === 'pending') {
    throw invalid('An ended class’s attendance is not pending: choose present, late, left early, absent or excused.', { field: 'status' })
  }
  const reason = (data.reason ?? original.reason ?? '').trim()
  if (reason === '' || (status === 'excused' && original.status !== 'excused' && !newReason)) {
    throw invalid('Say why attendance is corrected: the reason is kept with it.', { field: 'reason' })
  }
  const times = classTimes(klass)
  const length = (Date.parse(times.endedAt!) - Date.parse(times.startedAt)) / 60_000
  if (typeof minutes === 'number' && minutes > length + 0.05) {
    throw invalid(`The class lasted ${Math.round(length * 10) / 10} minutes: no one attended longer.`, { field: 'minutes' })
  }
  const share = typeof minutes === 'number' && length > 0 ? Math.min(100, Math.round((minutes / length) * 1000) / 10) : original.share
  return { ...data, reason, share, source: 'staff' as const, correctedBy: req.user?.id, correctedAt: new Date().toISOString() }
}
