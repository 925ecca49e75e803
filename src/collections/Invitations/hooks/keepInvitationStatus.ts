import type { CollectionBeforeChangeHook } from 'payload'

import { ValidationError } from 'payload'

import { INVITATIONS } from '@/shared/slugs'

/** Staff revoke a pending invitation; only its acceptance marks it accepted; nothing reopens one. */
export const keepInvitationStatus: CollectionBeforeChangeHook = ({ data, originalDoc, operation, req }) => {
  if (operation !== 'update' || !originalDoc || data.status === originalDoc.status) {
    return data
  }
  const allowed = originalDoc.status === 'pending' && (data.status === 'revoked' || (data.status === 'accepted' && req.context.acceptingInvitation === true))
  if (!allowed) {
    throw new ValidationError({ collection: INVITATIONS, errors: [{ path: 'status', message: `An invitation cannot go from ${originalDoc.status} to ${data.status}.` }] })
  }
  return data
}
