import type { CollectionAfterChangeHook } from 'payload'

import type { Tenant } from '@/payload-types'

import { TENANTS } from '@/shared/slugs'
import { recordAudit } from '@/services/audit/recordAudit'

/** Suspending and reactivating a tenant are events of their own in the audit trail. */
export const auditStatusChange: CollectionAfterChangeHook<Tenant> = async ({ doc, previousDoc, operation, req }) => {
  if (operation === 'update' && previousDoc?.status !== doc.status) {
    await recordAudit({
      req,
      action: doc.status === 'suspended' ? 'tenant-suspended' : 'tenant-reactivated',
      collection: TENANTS,
      documentId: doc.id,
      changedFields: ['status'],
      tenants: [doc.id],
    })
  }
  return doc
}
