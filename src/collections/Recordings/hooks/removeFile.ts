import type { CollectionAfterDeleteHook } from 'payload'

import type { Recording } from '@/payload-types'

import { removeRecordingFile } from '@/domain/live/recordings'

/** A deleted recording's file is removed from storage with it. */
export const removeFile: CollectionAfterDeleteHook<Recording> = async ({ doc, req }) => {
  try {
    await removeRecordingFile(doc)
  } catch (error) {
    // The row is gone either way; a file left behind is logged for the operator, not kept as a broken row.
    req.payload.logger.error({ err: error, msg: `Recording ${doc.id}: its stored file could not be removed` })
  }
  return doc
}
