import type {
  CollectionAfterChangeHook,
  CollectionBeforeChangeHook,
  CollectionAfterLoginHook,
  CollectionAfterLogoutHook,
  CollectionAfterOperationHook,
  CollectionBeforeOperationHook,
} from 'payload'

import type { User } from '@/payload-types'

import { listMemberships, membershipKey } from '@/domain/identity/memberships'
import { USERS } from '@/shared/slugs'
import { recordAudit } from '@/services/audit/recordAudit'

declare module 'payload' {
  interface RequestContext {
    /** The email a login tried, for the audit entry of a failure. */
    loginAttempt?: string
    /** The person whose password this request changed: their other sessions end after the write. */
    passwordChangedFor?: number
  }
}

const tenantIds = (user: Partial<User> | null | undefined): number[] => listMemberships(user).map((m) => m.tenantId)

/** Remembers which account a login is for, so a failure can be recorded (see auditFailedLogin). */
export const rememberLoginAttempt: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation === 'login') {
    const email = (args.data as { email?: unknown } | undefined)?.email
    req.context.loginAttempt = typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : ''
  }
  return args
}

export const auditLogin: CollectionAfterLoginHook<User> = async ({ req, user }) => {
  await recordAudit({ req, action: 'login', collection: USERS, documentId: user.id, actor: { id: user.id, label: user.email }, tenants: tenantIds(user) })
  return user
}

export const auditLogout: CollectionAfterLogoutHook = async ({ req }) => {
  const user = req.user as User | null
  await recordAudit({ req, action: 'logout', collection: USERS, documentId: user?.id, tenants: tenantIds(user) })
}

export const auditPasswordReset: CollectionAfterOperationHook = async ({ operation, req, result }) => {
  if (operation === 'resetPassword') {
    const user = (result as unknown as { user?: User } | undefined)?.user
    if (user) {
      await recordAudit({ req, action: 'password-reset', collection: USERS, documentId: user.id, actor: { id: user.id, label: user.email }, tenants: tenantIds(user) })
    }
  }
  return result
}

/** One entry per tenant whose membership of this person was added, removed, changed or suspended. */
export const auditMembershipChanges: CollectionAfterChangeHook<User> = async ({ doc, previousDoc, operation, req }) => {
  const before = new Map(listMemberships(operation === 'create' ? undefined : previousDoc).map((m) => [m.tenantId, membershipKey(m)]))
  const after = new Map(listMemberships(doc).map((m) => [m.tenantId, membershipKey(m)]))
  for (const tenantId of new Set([...before.keys(), ...after.keys()])) {
    if (before.get(tenantId) !== after.get(tenantId)) {
      await recordAudit({ req, action: 'membership-change', collection: USERS, documentId: doc.id, changedFields: ['tenants'], tenants: [tenantId] })
    }
  }
  return doc
}

/**
 * Payload drops the new password from `data` before afterChange; note it while it is
 * there, for the password-change entry and for ending sessions.
 */
export const notePasswordChange: CollectionBeforeChangeHook<User> = ({ data, operation, originalDoc, req }) => {
  if (operation === 'update' && typeof (data as { password?: unknown }).password === 'string' && originalDoc) {
    req.context.passwordChangedFor = originalDoc.id
  }
  return data
}

export const auditPasswordChange: CollectionAfterChangeHook<User> = async ({ doc, req }) => {
  if (req.context.passwordChangedFor === doc.id) {
    delete req.context.passwordChangedFor
    await recordAudit({ req, action: 'password-change', collection: USERS, documentId: doc.id, tenants: tenantIds(doc) })
  }
  return doc
}
