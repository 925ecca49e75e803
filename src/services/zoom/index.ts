export type { ZoomClientOptions } from './api'
export { createZoomClient } from './client'
export type { ZoomClient } from './client'
export type { DownloadInput, RecordingDownload } from './download'
export { ZoomError } from './errors'
export type {
  ZoomEventMeeting,
  ZoomEventParticipant,
  ZoomMeetingEvent,
  ZoomParticipantEvent,
  ZoomRecordingCompletedEvent,
  ZoomUrlValidationEvent,
  ZoomWebhookEvent,
} from './events'
export { MAX_PAGE_SIZE } from './paging'
export { DEFAULT_RETRY } from './retry'
export type { RetryPolicy } from './retry'
export { zoomTokenCacheSize } from './token'
export type {
  Meeting,
  MeetingId,
  MeetingInput,
  MeetingRecordings,
  MeetingSettings,
  MeetingSummary,
  MeetingType,
  MeetingUpdate,
  Occurrence,
  RecordingFile,
  Recurrence,
  Registrant,
  RegistrantInput,
  Registration,
  ReportParticipant,
  ZoomUser,
} from './types'
export { verifyZoomSignature, ZOOM_SIGNATURE_HEADER, ZOOM_TIMESTAMP_HEADER, zoomUrlValidationAnswer } from './webhooks'
export type { ZoomSignatureCheck } from './webhooks'
