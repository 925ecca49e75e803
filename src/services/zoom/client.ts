import { createZoomApi, type ZoomClientOptions } from './api'
import { downloadCalls } from './download'
import { meetingCalls } from './meetings'
import { recordingCalls } from './recordings'
import { registrantCalls } from './registrants'
import { reportCalls } from './reports'
import { userCalls } from './users'

export type ZoomClient = ReturnType<typeof createZoomClient>

/**
 * Zoom's REST API for one account (one school's Server-to-Server OAuth app): users, meetings
 * and their occurrences, registrants, the participants report, cloud recordings and their
 * files. Every failure is a ZoomError; neither the secret nor a token ever appears in one.
 */
export const createZoomClient = (options: ZoomClientOptions) => {
  const api = createZoomApi(options)
  const recordings = recordingCalls(api)
  return {
    checkCredentials: api.checkCredentials,
    ...userCalls(api),
    ...meetingCalls(api),
    ...registrantCalls(api),
    ...reportCalls(api),
    ...recordings,
    ...downloadCalls(api, recordings.getRecordings),
  }
}
