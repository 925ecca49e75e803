import type { CollectionAfterChangeHook } from 'payload'

import type { Enrollment } from '@/payload-types'

import { requestMeta } from '@/shared/requestContext'

export const CERTIFICATE_QUEUE = 'certificates'

/**
 * When an enrollment becomes completed, a job issues its certificate. Queued in the same
 * transaction as the change, so a rolled-back completion queues nothing.
 */
export const queueCertificate: CollectionAfterChangeHook<Enrollment> = async ({ doc, previousDoc, operation, req }) => {
  if (doc.status === 'completed' && (operation === 'create' || previousDoc?.status !== 'completed')) {
    await req.payload.jobs.queue({ task: 'issueCertificate', input: { enrollment: doc.id }, queue: CERTIFICATE_QUEUE, meta: requestMeta(), req })
  }
  return doc
}
