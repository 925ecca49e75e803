import type { Access, FieldAccess } from 'payload'

import type { User } from '@/payload-types'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { listMemberships, tenantsWhereUserIs } from '@/domain/identity/memberships'
import { USERS } from '@/shared/slugs'

const STAFF = ['tenant-admin', 'instructor'] as const

/**
 * Everyone reads themselves. Tenant-admins and instructors read the people of their
 * tenants; students read nobody else.
 */
export const readUsers: Access = async ({ req }) => {
  if (!req.user) {
    return false
  }
  if (isSuperAdmin(req.user)) {
    return true
  }
  const staffOf = await tenantsWhereUserIs(req, STAFF)
  const self = { id: { equals: req.user.id } }
  return staffOf.length > 0 ? { or: [self, { 'tenants.tenant': { in: staffOf } }] } : self
}

/** An email address is shown to its owner and to staff of a tenant the owner belongs to. */
export const readEmail: FieldAccess<User> = async ({ req, doc }) => {
  if (!req.user) {
    return false
  }
  // No document, or one not saved yet (the admin panel's create view): nobody's address to hide.
  if (isSuperAdmin(req.user) || !doc || doc.id === undefined || doc.id === req.user.id) {
    return true
  }
  const staffOf = new Set(await tenantsWhereUserIs(req, STAFF))
  if (staffOf.size === 0) {
    return false
  }
  // A `select` may leave memberships out of the document being read.
  const owner =
    doc.tenants !== undefined
      ? doc
      : await req.payload.findByID({ collection: USERS, id: doc.id, depth: 0, select: { tenants: true }, overrideAccess: true, req })
  return listMemberships(owner).some((m) => staffOf.has(m.tenantId))
}
