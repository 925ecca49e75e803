import type { Config } from 'payload'

import { settings } from '@/settings'

const MB = 1_048_576
/** Payload's own ceiling for a whole multipart request; never lowered here. */
const PAYLOAD_REQUEST_LIMIT = 50 * MB

const mediaBytes = settings.media.maxFileMb * MB

/**
 * Payload's multipart parser (REST uploads, the admin panel) stops reading a file at the
 * media limit and answers 413, instead of buffering an oversized file whole before the
 * upload checks refuse it. The request may carry form fields besides the file.
 */
export const multipartLimits: NonNullable<Config['upload']> = {
  limits: { fileSize: mediaBytes },
  requestSizeLimit: Math.max(PAYLOAD_REQUEST_LIMIT, mediaBytes + MB),
  responseOnLimit: `The file is larger than ${settings.media.maxFileMb} MB.`,
}
