import type { FieldAccess, FieldHook } from 'payload'

import type { TenantPath } from '@/domain/tenancy/references'

import { ValidationError } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { referenceId } from '@/shared/referenceId'
import { newReferences, referencesIn, referencesOutside } from '@/domain/tenancy/references'

type Args = {
  /** The collection the field belongs to, and how its documents name their school. */
  collection: string
  ownerPath: TenantPath
  /** The field's target collections; undefined for rich text, whose nodes may name any. */
  relationTo: string | string[] | undefined
  /** The field's own write access: a value the requester may not write was set by the system. */
  access: { create?: FieldAccess; update?: FieldAccess } | undefined
  tenantPaths: ReadonlyMap<string, TenantPath>
  allCollections: readonly string[]
}

/** The school of the document being written, if it has exactly one. */
const schoolOf = (ownerPath: TenantPath, data: Record<string, unknown>, originalDoc: Record<string, unknown> | undefined): number | null => {
  if (ownerPath === 'id') {
    return referenceId(originalDoc?.id)
  }
  return ownerPath === 'tenant' ? referenceId(data.tenant ?? originalDoc?.tenant) : null
}

/**
 * Keeps a relationship, upload or rich-text field inside its document's school: every
 * document it newly names must belong to the same school (people: be members of it). Given to
 * every such field in the config by the tenant-boundary plugin, so a field added later is
 * covered too. A missing ID and another school's answer alike, with a 400 on the field's path.
 * Values the requester could not have written (system-only fields) and super-admins' writes
 * are trusted; unchanged references are not looked up again.
 */
export const keepReferencesInTenant =
  ({ collection, ownerPath, relationTo, access, tenantPaths, allCollections }: Args): FieldHook =>
  async ({ value, previousValue, data, originalDoc, operation, path, req, siblingData }) => {
    const allowedTargets = relationTo === undefined ? allCollections : Array.isArray(relationTo) ? relationTo : [relationTo]
    const malformed = referencesIn(value, relationTo).filter((r) => r.id === null || !allowedTargets.includes(r.relationTo))
    if (malformed.length > 0) {
      // Nobody's value may name a document that cannot exist: the database would refuse it with a 500.
      throw new ValidationError({ collection, errors: [{ path: path.join('.'), message: `Give the ID of ${relationTo === undefined ? 'a document' : allowedTargets.join(' or ')}: a whole number.` }] })
    }
    if (!req.user || isSuperAdmin(req.user)) {
      return value
    }
    const writable = access?.[operation === 'create' ? 'create' : 'update']
    if (writable && !(await writable({ req, data, doc: originalDoc, siblingData, id: originalDoc?.id }))) {
      return value
    }
    const added = newReferences(referencesIn(value, relationTo), referencesIn(previousValue, relationTo))
    if (added.length === 0) {
      return value
    }
    const tenant = schoolOf(ownerPath, (data ?? {}) as Record<string, unknown>, originalDoc as Record<string, unknown> | undefined)
    const outside = tenant === null ? added : await referencesOutside({ req, tenant, references: added, tenantPaths, allowedTargets })
    if (outside.length > 0) {
      const names = [...new Set(outside.map((r) => r.relationTo || 'documents'))].join(', ')
      throw new ValidationError({
        collection,
        errors: [{ path: path.join('.'), message: `Choose ${names} of this school: ${outside.length} of the chosen cannot be used here.` }],
      })
    }
    return value
  }
