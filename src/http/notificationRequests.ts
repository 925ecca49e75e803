import { APIError } from 'payload'

import { referenceId } from '@/shared/referenceId'

/** At most this many ids in one request to mark read. */
const MAX_IDS = 500

/** `{ ids: [..] }` or `{ all: true }`, or a 400 that says what to send. */
export const readRequest = (body: Record<string, unknown>): { ids: number[] } | 'all' => {
  if (body.all === true && body.ids === undefined) {
    return 'all'
  }
  if (Array.isArray(body.ids) && body.all === undefined && body.ids.length > 0 && body.ids.length <= MAX_IDS) {
    const ids = body.ids.map(referenceId)
    if (ids.every((id): id is number => id !== null)) {
      return { ids: [...new Set(ids)] }
    }
  }
  throw new APIError(`Send { "ids": [notification ids] } (1 to ${MAX_IDS} of them) or { "all": true }.`, 400)
}
