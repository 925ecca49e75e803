import type { CollectionConfig, Config, Field, FieldHook, Plugin } from 'payload'

import type { TenantScopedSlug } from '@/access/tenantCreators'
import type { TenantPath } from '@/domain/tenancy/references'

import { nobody } from '@/access/nobody'
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

type WriteAccess = { create?: unknown; update?: unknown } | undefined

const writtenByNobody = (access: WriteAccess): boolean => access?.create === nobody && access?.update === nobody

const SYSTEM_WRITTEN = 'aqoonSystemWritten'

/**
 * Marks the collections nobody creates or updates through the API, before the multi-tenant
 * plugin wraps their access functions (after it, `nobody` is no longer recognisable).
 */
export const markSystemWritten: Plugin = (config: Config): Config => ({
  ...config,
  collections: (config.collections ?? []).map((collection) =>
    writtenByNobody(collection.access as WriteAccess) ? { ...collection, custom: { ...collection.custom, [SYSTEM_WRITTEN]: true } } : collection,
  ),
})

/**
 * The multi-tenant plugin gives every relationship a `filterOptions` (the admin picker offers the
 * school's documents only), and Payload validates every write of such a field by reading the
 * documents it names in full (a course with all its lessons in every locale). A field nobody
 * writes through the API has no picker and only the system's writes, whose references
 * `keepReferencesInTenant` and the code that makes them answer for: it goes without the filter.
 */
const withoutPickerFilters = (collection: CollectionConfig): CollectionConfig => {
  const systemWritten = collection.custom?.[SYSTEM_WRITTEN] === true
  return {
    ...collection,
    fields: mapFields(collection.fields, (field) => {
      if ((field.type !== 'relationship' && field.type !== 'upload') || !('filterOptions' in field) || !(systemWritten || writtenByNobody(field.access as WriteAccess))) {
        return field
      }
      const { filterOptions: _picker, ...rest } = field
      return rest as Field
    }),
  }
}

/**
 * The tenant boundary on every write, for every collection in the config, including those
 * added later:
 * - a tenant-owned document is created only in a school where the requester holds a role that
 *   creates it, and never moves to another school (`keepTenant`, on the `tenant` field);
 * - every relationship, upload and rich-text field names only documents of the same school
 *   (`keepReferencesInTenant`).
 * - fields only the system writes lose the plugin's picker filter (`withoutPickerFilters`).
 * Runs after the multi-tenant plugin, whose `tenant` fields it needs to see, and after
 * `markSystemWritten`, which runs before it.
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
      collections: collections.map(withoutPickerFilters).map((collection) => {
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
                // In a collection nobody writes through the API, every value was set by the system.
                access: collection.custom?.[SYSTEM_WRITTEN] === true ? { create: nobody, update: nobody } : field.access,
                tenantPaths,
                allCollections,
              }),
            )
          }),
        }
      }),
    }
  }
