import type { CollectionConfig, Config, Field, FieldHook, Plugin } from 'payload'

import type { TenantScopedSlug } from '@/access/tenantCreators'
import type { TenantPath } from '@/domain/tenancy/references'

import { TENANT_CREATORS } from '@/access/tenantCreators'
import { TENANTS } from '@/shared/slugs'
import { keepReferencesInTenant } from '@/hooks/keepReferencesInTenant'
import { keepTenant } from '@/hooks/keepTenant'

const named = (field: Field, name: string): boolean => 'name' in field && field.name === name

const pointsAtTenants = (field: Field): boolean =>
  (field.type === 'relationship' || field.type === 'upload') && field.relationTo === TENANTS

/** How each collection names its school, read from its fields (after the multi-tenant plugin added them). */
const tenantPathOf = (collection: CollectionConfig, usersSlug: string): TenantPath | undefined => {
  if (collection.slug === TENANTS) {
    return 'id'
  }
  if (collection.slug === usersSlug) {
    return 'tenants.tenant'
  }
  const field = collection.fields.find((f) => (named(f, 'tenant') || named(f, 'tenants')) && pointsAtTenants(f))
  if (!field) {
    return undefined
  }
  return named(field, 'tenant') && !('hasMany' in field && field.hasMany) ? 'tenant' : 'tenants'
}

type Walk = (field: Field) => Field

/** Applies `visit` to every field, however deeply nested in rows, groups, arrays, tabs and blocks. */
const mapFields = (fields: Field[], visit: Walk): Field[] =>
  fields.map((field) => {
    const inner: Field =
      field.type === 'tabs'
        ? { ...field, tabs: field.tabs.map((tab) => ({ ...tab, fields: mapFields(tab.fields, visit) })) }
        : field.type === 'blocks'
          ? { ...field, blocks: (field.blocks ?? []).map((block) => ({ ...block, fields: mapFields(block.fields, visit) })) }
          : 'fields' in field && Array.isArray(field.fields)
            ? ({ ...field, fields: mapFields(field.fields, visit) } as Field)
            : field
    return visit(inner)
  })

const withHook = (field: Field, stage: 'beforeValidate' | 'beforeChange', hook: FieldHook): Field => {
  const hooks = (field as { hooks?: Partial<Record<typeof stage, FieldHook[]>> }).hooks
  return { ...field, hooks: { ...hooks, [stage]: [...(hooks?.[stage] ?? []), hook] } } as Field
}

/**
 * The tenant boundary on every write, for every collection in the config, including those
 * added later:
 * - a tenant-owned document is created only in a school where the requester holds a role that
 *   creates it, and never moves to another school (`keepTenant`, on the `tenant` field);
 * - every relationship, upload and rich-text field names only documents of the same school
 *   (`keepReferencesInTenant`).
 * Runs after the multi-tenant plugin, whose `tenant` fields it needs to see.
 */
export const tenantBoundary =
  ({ usersSlug }: { usersSlug: string }): Plugin =>
  (config: Config): Config => {
    const collections = config.collections ?? []
    const tenantPaths = new Map<string, TenantPath>()
    for (const collection of collections) {
      const path = tenantPathOf(collection, usersSlug)
      if (path) {
        tenantPaths.set(collection.slug, path)
      }
    }
    const allCollections = collections.map((c) => c.slug)
    return {
      ...config,
      collections: collections.map((collection) => {
        const ownerPath = tenantPaths.get(collection.slug)
        // Only documents of one school have a school to keep references in. People belong to several
        // (their memberships are guarded by guardMemberships); audit entries are written by the system.
        if (ownerPath !== 'tenant' && ownerPath !== 'id') {
          return collection
        }
        const fields = collection.fields.map((field) =>
          named(field, 'tenant') && pointsAtTenants(field) && collection.slug in TENANT_CREATORS
            ? withHook(field, 'beforeValidate', keepTenant(collection.slug as TenantScopedSlug))
            : field,
        )
        return {
          ...collection,
          fields: mapFields(fields, (field) => {
            const isReference = field.type === 'relationship' || field.type === 'upload' || field.type === 'richText'
            if (!isReference || (named(field, 'tenant') && pointsAtTenants(field))) {
              return field
            }
            return withHook(
              field,
              'beforeChange',
              keepReferencesInTenant({
                collection: collection.slug,
                ownerPath,
                relationTo: field.type === 'richText' ? undefined : field.relationTo,
                access: field.access,
                tenantPaths,
                allCollections,
              }),
            )
          }),
        }
      }),
    }
  }
