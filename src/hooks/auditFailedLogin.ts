import type { AfterErrorHook } from 'payload'

import { USERS } from '@/shared/slugs'
import { recordAudit } from '@/services/audit/recordAudit'
import { relationId } from '@/shared/relationId'

/**
 * Payload has no hook for a failed login; the error hook sees it (REST and GraphQL).
 * Rate-limited attempts never reached the check and are not recorded as failures.
 */
export const auditFailedLogin: AfterErrorHook = async ({ error, req }) => {
  const email = req.context?.loginAttempt
  if (typeof email !== 'string' || (error as { status?: number }).status === 429) {
    return
  }
  const account = email
    ? (await req.payload.find({ collection: USERS, where: { email: { equals: email } }, limit: 1, pagination: false, depth: 0, overrideAccess: true })).docs[0]
    : undefined
  await recordAudit({
    req,
    action: 'login-failed',
    collection: USERS,
    documentId: account?.id,
    actor: { id: account?.id, label: email || 'unknown' },
    tenants: account?.tenants?.flatMap((row) => relationId(row.tenant) ?? []) ?? [],
    detached: true,
  })
}
