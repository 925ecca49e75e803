import type { PayloadRequest } from 'payload'

import type { AuditAction } from './auditActions'

import { clientIp } from '@/shared/clientIp'

type Args = {
  req: PayloadRequest
  action: AuditAction
  collection?: string
  documentId?: number | string
  changedFields?: string[]
  /** Tenants the entry concerns; their admins can read it. */
  tenants?: number[]
  /** Who acted, when not the request's user (a failed login names the account tried). */
  actor?: { id?: number; label: string }
  /**
   * Write outside the request's transaction: for events whose request fails
   * (a failed login) and would otherwise roll the entry back with it.
   */
  detached?: boolean
}

/** Appends one entry to the audit trail. The only way entries are written. */
export const recordAudit = async ({ req, action, collection, documentId, changedFields = [], tenants = [], actor, detached = false }: Args): Promise<void> => {
  const user = req.user?.collection === 'users' ? (req.user as { id: number; email?: string }) : undefined
  await req.payload.create({
    collection: 'audit-logs',
    data: {
      action,
      actor: actor ? (actor.id ?? null) : (user?.id ?? null),
      actorLabel: actor?.label ?? user?.email ?? 'system',
      collection: collection ?? null,
      documentId: documentId === undefined ? null : String(documentId),
      changedFields,
      tenants: [...new Set(tenants)],
      ip: clientIp(req.headers),
      userAgent: req.headers.get('user-agent')?.slice(0, 500) ?? null,
    },
    overrideAccess: true,
    ...(detached ? {} : { req }),
  })
}
