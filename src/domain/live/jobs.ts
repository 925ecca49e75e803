import type { PayloadRequest } from 'payload'

import { requestMeta } from '@/shared/requestContext'

/** Zoom's work has a queue of its own: a Zoom outage slows only it. */
export const ZOOM_QUEUE = 'zoom'

/** Queues the job that brings a class's Zoom meeting in line with the class, in the caller's transaction. */
export const queueMeetingSync = async (req: PayloadRequest, liveClass: number): Promise<void> => {
  await req.payload.jobs.queue({ task: 'syncZoomMeeting', input: { liveClass }, queue: ZOOM_QUEUE, meta: requestMeta(), req })
}

/** Queues the job that registers a class's students for its meeting (and takes back those who left the course). */
export const queueRegistrations = async (req: PayloadRequest, liveClass: number): Promise<void> => {
  await req.payload.jobs.queue({ task: 'registerZoomStudents', input: { liveClass }, queue: ZOOM_QUEUE, meta: requestMeta(), req })
}

/** Queues the job that reads Zoom's participants report of an ended class and fills in what lost events missed. */
export const queueReconcile = async (req: PayloadRequest, liveClass: number): Promise<void> => {
  await req.payload.jobs.queue({ task: 'reconcileZoomAttendance', input: { liveClass }, queue: ZOOM_QUEUE, meta: requestMeta(), req })
}
