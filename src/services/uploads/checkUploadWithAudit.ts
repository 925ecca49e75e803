import type { PayloadRequest } from 'payload'

import { APIError } from 'payload'

import { recordAudit } from '@/services/audit/recordAudit'

import { type CheckedUpload, type UploadToCheck, checkUpload } from './checkUpload'

type Args = UploadToCheck & {
  req: PayloadRequest
  /** Where the file was headed, for the audit entry. */
  collection: string
  documentId?: number | string
  /** Tenants whose admins read the entry. */
  tenants: number[]
}

/**
 * `checkUpload` for a request: a file refused as malware leaves an `upload-refused` entry
 * naming the file and the signature. The entry is written outside the request's transaction,
 * which the refusal rolls back.
 */
export const checkUploadWithAudit = async ({ req, collection, documentId, tenants, ...upload }: Args): Promise<CheckedUpload> => {
  try {
    return await checkUpload(upload)
  } catch (error) {
    if (error instanceof APIError && error.status === 422) {
      const signature = String((error.data as { signature?: string } | undefined)?.signature ?? '')
      await recordAudit({ req, action: 'upload-refused', collection, documentId, tenants, changedFields: [upload.filename.slice(0, 100), signature], detached: true })
    }
    throw error
  }
}
