import type { CollectionAfterChangeHook } from 'payload'

import type { User } from '@/payload-types'

import { listMemberships } from '@/domain/identity/memberships'
import { endSessions } from '@/services/sessions/endSessions'

/**
 * A new password (noted by notePasswordChange) ends the person's other sessions;
 * when someone else set it, an admin, all of them.
 */
export const endSessionsOnPasswordChange: CollectionAfterChangeHook<User> = async ({ doc, req }) => {
  if (req.context.passwordChangedFor !== doc.id) {
    return doc
  }
  const self = req.user?.collection === 'users' && req.user.id === doc.id
  const current = (req.user as { _sid?: string } | null)?._sid
  await endSessions({ req, userIds: [doc.id], keepSessionId: self ? current : undefined })
  return doc
}

/**
 * Losing or suspending a membership ends the person's sessions, so no token outlives
 * the access it was issued with.
 */
export const endSessionsOnLostMembership: CollectionAfterChangeHook<User> = async ({ doc, previousDoc, operation, req }) => {
  if (operation !== 'update') {
    return doc
  }
  const kept = new Set(listMemberships(doc).filter((m) => !m.suspended).map((m) => m.tenantId))
  if (listMemberships(previousDoc).some((m) => !m.suspended && !kept.has(m.tenantId))) {
    await endSessions({ req, userIds: [doc.id] })
  }
  return doc
}
