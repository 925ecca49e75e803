import type { CollectionAfterDeleteHook } from 'payload'

import type { Recording } from '@/payload-types'

import { queueFileRemoval } from '@/domain/live/recordings'

/** A deleted recording's file is removed from storage by a job queued with the delete: only if the delete is kept, and tried again if storage fails. */
export const removeFile: CollectionAfterDeleteHook<Recording> = async ({ doc, req }) => {
  if (doc.filename) {
    await queueFileRemoval(req, doc.filename)
  }
  return doc
}
