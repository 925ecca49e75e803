import type { CollectionAfterChangeHook } from 'payload'

import type { Tenant } from '@/payload-types'

import { endSessions, membersOf } from '@/services/sessions/endSessions'

/**
 * Suspending a tenant ends its members' sessions: reactivating it later does not
 * bring old tokens back. Members of other tenants too may log in again there.
 */
export const endSessionsOnSuspension: CollectionAfterChangeHook<Tenant> = async ({ doc, previousDoc, operation, req }) => {
  if (operation === 'update' && doc.status === 'suspended' && previousDoc?.status !== 'suspended') {
    await endSessions({ req, userIds: await membersOf({ req, tenantId: doc.id }) })
  }
  return doc
}
