import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'

import { changedFields, tenantsOf } from '@/services/audit/changedFields'
import { recordAudit } from '@/services/audit/recordAudit'

declare module 'payload' {
  interface RequestContext {
    /** Set by the storage plugin on the write-back after an upload: bookkeeping, not a change to audit. */
    skipCloudStorage?: boolean
  }
}

/** Every create and update of every collection, in the same transaction as the change. */
export const auditChange: CollectionAfterChangeHook = async ({ collection, doc, previousDoc, operation, req }) => {
  // The storage plugin writes a stored file's document back to itself after the upload: bookkeeping, not a change.
  if (req.context.skipCloudStorage) {
    return doc
  }
  const before = operation === 'create' ? undefined : previousDoc
  await recordAudit({
    req,
    action: operation,
    collection: collection.slug,
    documentId: doc.id,
    changedFields: changedFields(before, doc),
    tenants: [...tenantsOf(collection.slug, before), ...tenantsOf(collection.slug, doc)],
  })
  return doc
}

export const auditDelete: CollectionAfterDeleteHook = async ({ collection, doc, req }) => {
  await recordAudit({
    req,
    action: 'delete',
    collection: collection.slug,
    documentId: doc.id,
    tenants: tenantsOf(collection.slug, doc),
  })
  return doc
}
