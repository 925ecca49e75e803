import type { CollectionBeforeChangeHook } from 'payload'

import { APIError, ValidationError } from 'payload'

import { CERTIFICATES } from '@/shared/slugs'

/**
 * Revocation is one way: valid → revoked, with a reason, stamped with who and when.
 * A revoked certificate stays revoked; the school re-issues instead.
 */
export const applyRevocation: CollectionBeforeChangeHook = ({ data, originalDoc, operation, req }) => {
  if (operation !== 'update' || !originalDoc) {
    return data
  }
  const before = originalDoc.status as string
  const after = (data.status ?? before) as string
  if (before === 'revoked') {
    if (after !== 'revoked' || (data.revokedReason !== undefined && data.revokedReason !== originalDoc.revokedReason)) {
      throw new APIError('A revoked certificate stays revoked; re-issue the certificate instead.', 409)
    }
    return data
  }
  if (after === 'revoked') {
    const reason = typeof data.revokedReason === 'string' ? data.revokedReason.trim() : ''
    if (!reason) {
      throw new ValidationError({ collection: CERTIFICATES, errors: [{ path: 'revokedReason', message: 'Give the reason for revoking.' }] })
    }
    return { ...data, revokedReason: reason, revokedAt: new Date().toISOString(), revokedBy: req.user?.collection === 'users' ? req.user.id : null }
  }
  // A valid certificate carries no revocation reason.
  return { ...data, revokedReason: null }
}
