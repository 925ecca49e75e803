import type { FieldHook } from 'payload'

import type { TenantScopedSlug } from '@/access/tenantCreators'

import { APIError, ValidationError } from 'payload'

import { creatableTenants } from '@/access/createInOwnTenant'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { referenceId } from '@/shared/referenceId'

/**
 * The `tenant` field of every tenant-owned collection, checked once the school is final (sent,
 * derived from a course, or filled in from the admin panel's tenant cookie): a new document
 * goes only to a school where the requester holds a role that creates it, and a document never
 * moves to another school. The multi-tenant plugin checks membership only, so an instructor of
 * one school who is a student of another could otherwise create there. Trusted code (the Local
 * API with overrideAccess, or without a user) and super-admins are not limited.
 */
export const keepTenant =
  (slug: TenantScopedSlug): FieldHook =>
  async ({ value, originalDoc, operation, overrideAccess, req }) => {
    if (value !== undefined && value !== null && referenceId(value) === null) {
      throw new ValidationError({ collection: slug, errors: [{ path: 'tenant', message: "Give the school's ID: a whole number." }] })
    }
    if (overrideAccess || isSuperAdmin(req.user) || (!req.user && req.payloadAPI === 'local')) {
      return value
    }
    if (operation === 'update') {
      if (referenceId(value) !== referenceId((originalDoc as { tenant?: unknown } | undefined)?.tenant)) {
        throw new ValidationError({
          collection: slug,
          errors: [{ path: 'tenant', message: 'A document stays in its school; it cannot be moved to another.' }],
        })
      }
      return value
    }
    const tenant = referenceId(value)
    if (tenant === null) {
      throw new ValidationError({ collection: slug, errors: [{ path: 'tenant', message: 'Choose the school this belongs to.' }] })
    }
    if (!(await creatableTenants(req, slug)).includes(tenant)) {
      throw new APIError('You cannot create this in that school.', 403)
    }
    return value
  }
