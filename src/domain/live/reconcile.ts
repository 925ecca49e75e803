import type { PayloadRequest } from 'payload'

import { inTransaction } from '@/services/database/transactions'
import { referenceId } from '@/shared/referenceId'
import { LIVE_CLASSES } from '@/shared/slugs'

import type { Segment } from './attendance'
import { addStays, measureClass, refreshAttendanceProgress } from './attendanceRecords'
import { zoomClientOf } from './zoomSettings'

/**
 * Reads Zoom's participants report of an ended class, every page, and adds each stay it lists to
 * the students' attendance: a join or leave event Zoom failed to deliver is filled in, and one
 * already known changes nothing (stays merge by Zoom's id and count once), so running it again
 * changes nothing. Zoom's report comes some minutes after the end: until then Zoom answers
 * 404, and the job is tried again later.
 */
export const reconcileAttendance = (req: PayloadRequest, id: number): Promise<{ stays: number }> =>
  inTransaction(req, async () => {
    const klass = await req.payload.findByID({ collection: LIVE_CLASSES, id, depth: 0, overrideAccess: true, disableErrors: true, req })
    if (!klass || klass.status !== 'ended' || !klass.zoom?.meetingId) {
      return { stays: 0 }
    }
    const zoom = await zoomClientOf(req, referenceId(klass.tenant)!)
    if (!zoom) {
      return { stays: 0 }
    }
    const stays: (Segment & { registrantId?: string; email?: string })[] = []
    // The instance that was held, when its UUID is known: a meeting id alone reports the latest.
    for await (const participant of zoom.pastParticipants({ meetingId: klass.zoom.meetingUuid ?? klass.zoom.meetingId })) {
      stays.push({ stay: String(participant.user_id || participant.id), joinedAt: participant.join_time, leftAt: participant.leave_time, registrantId: participant.registrant_id, email: participant.user_email })
    }
    const counted = await addStays(req, id, stays)
    const rows = await measureClass(req, id)
    await refreshAttendanceProgress(req, referenceId(klass.course)!, rows.map((row) => referenceId(row.student)!))
    return { stays: counted }
  })
