import type { JobsConfig } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'

import { observeTask } from './observeTask'
import { announceLiveClasses } from './tasks/announceLiveClasses'
import { copyZoomRecordings } from './tasks/copyZoomRecordings'
import { removeRecordingFile } from './tasks/removeRecordingFile'
import { tendRecordings } from './tasks/tendRecordings'
import { closeQuizAttempts } from './tasks/closeQuizAttempts'
import { releaseAiReservations } from './tasks/releaseAiReservations'
import { summarizeRecording } from './tasks/summarizeRecording'
import { applyProviderEvents } from './tasks/applyProviderEvents'
import { deliverInvoice } from './tasks/deliverInvoice'
import { expireEnrollments } from './tasks/expireEnrollments'
import { issueCertificate } from './tasks/issueCertificate'
import { sendNotification } from './tasks/sendNotification'
import { sendNotificationDigests } from './tasks/sendNotificationDigests'
import { announceDueWork } from './tasks/announceDueWork'
import { suspendLapsedSeats } from './tasks/suspendLapsedSeats'
import { reconcileZoomAttendance } from './tasks/reconcileZoomAttendance'
import { registerZoomStudents } from './tasks/registerZoomStudents'
import { syncZoomMeeting } from './tasks/syncZoomMeeting'

/**
 * Background work (mail, Zoom, PDFs, billing) runs as Payload jobs. Only the platform runs,
 * queues or cancels them over the API; who reads the jobs collection itself is decided with
 * Payload's other collections, in src/plugins/payloadCollections.ts.
 */
export const jobs: JobsConfig = {
  tasks: [observeTask(expireEnrollments), observeTask(issueCertificate), observeTask(sendNotification), observeTask(deliverInvoice), observeTask(applyProviderEvents), observeTask(suspendLapsedSeats), observeTask(syncZoomMeeting), observeTask(registerZoomStudents), observeTask(reconcileZoomAttendance), observeTask(announceLiveClasses), observeTask(copyZoomRecordings), observeTask(tendRecordings), observeTask(removeRecordingFile), observeTask(closeQuizAttempts), observeTask(releaseAiReservations), observeTask(summarizeRecording), observeTask(sendNotificationDigests), observeTask(announceDueWork)],
  access: {
    run: ({ req }) => isSuperAdmin(req.user),
    queue: ({ req }) => isSuperAdmin(req.user),
    cancel: ({ req }) => isSuperAdmin(req.user),
  },
}
