import type { CollectionSlug, PayloadRequest, Where } from 'payload'

import { referenceId } from '@/shared/referenceId'

/**
 * How a collection's documents name the school they belong to, as a query path:
 * `id` (the school itself), `tenant` (one school), `tenants` or `tenants.tenant` (several,
 * such as a person's memberships). Collections without one belong to no school.
 */
export type TenantPath = 'id' | 'tenant' | 'tenants' | 'tenants.tenant'

export type Reference = { relationTo: string; id: number | null }

/** Every document a relationship, upload or rich-text value names, with the collection it is in. */
export const referencesIn = (value: unknown, relationTo: string | string[] | undefined): Reference[] => {
  if (value === null || value === undefined) {
    return []
  }
  if (relationTo === undefined) {
    return richTextReferences(value)
  }
  return (Array.isArray(value) ? value : [value]).flatMap((entry): Reference[] => {
    if (entry === null || entry === undefined) {
      return []
    }
    if (Array.isArray(relationTo)) {
      const target = typeof entry === 'object' && 'relationTo' in entry ? entry.relationTo : undefined
      return [{ relationTo: typeof target === 'string' ? target : '', id: referenceId(entry) }]
    }
    return [{ relationTo, id: referenceId(entry) }]
  })
}

/**
 * References inside a rich-text document: Lexical's upload and relationship nodes carry
 * `{ relationTo, value }`, internal links `{ fields: { doc: { relationTo, value } } }`.
 */
const richTextReferences = (node: unknown, found: Reference[] = [], depth = 0): Reference[] => {
  if (depth > 64 || typeof node !== 'object' || node === null) {
    return found
  }
  if (Array.isArray(node)) {
    node.forEach((child) => richTextReferences(child, found, depth + 1))
    return found
  }
  const record = node as Record<string, unknown>
  if (typeof record.relationTo === 'string' && 'value' in record) {
    found.push({ relationTo: record.relationTo, id: referenceId(record.value) })
  }
  for (const child of Object.values(record)) {
    if (typeof child === 'object' && child !== null) {
      richTextReferences(child, found, depth + 1)
    }
  }
  return found
}

const key = (reference: Reference): string => `${reference.relationTo}:${reference.id}`

/** The references of `value` that `previous` did not already make. */
export const newReferences = (value: Reference[], previous: Reference[]): Reference[] => {
  const before = new Set(previous.map(key))
  const seen = new Set<string>()
  return value.filter((reference) => {
    const k = key(reference)
    if (before.has(k) || seen.has(k)) {
      return false
    }
    seen.add(k)
    return true
  })
}

/**
 * The references that do not name a document of `tenant`: those in another school, those
 * naming nothing (a missing or malformed ID) and those into a collection that is not the
 * field's. A missing document and another school's look the same, so the answer tells nobody
 * which IDs exist elsewhere.
 */
export const referencesOutside = async ({
  req,
  tenant,
  references,
  tenantPaths,
  allowedTargets,
}: {
  req: PayloadRequest
  tenant: number
  references: Reference[]
  tenantPaths: ReadonlyMap<string, TenantPath>
  allowedTargets: readonly string[]
}): Promise<Reference[]> => {
  const outside: Reference[] = []
  const byCollection = new Map<string, number[]>()
  for (const reference of references) {
    if (reference.id === null || !allowedTargets.includes(reference.relationTo)) {
      outside.push(reference)
      continue
    }
    if (!tenantPaths.has(reference.relationTo)) {
      // A collection no school owns (none is a target today): nothing to keep inside.
      continue
    }
    byCollection.set(reference.relationTo, [...(byCollection.get(reference.relationTo) ?? []), reference.id])
  }
  for (const [collection, ids] of byCollection) {
    const path = tenantPaths.get(collection)!
    const inside = new Set(
      path === 'id'
        ? ids.filter((id) => id === tenant)
        : (
            await req.payload.find({
              collection: collection as CollectionSlug,
              where: { and: [{ id: { in: ids } }, { [path]: { equals: tenant } }] } satisfies Where,
              pagination: false,
              depth: 0,
              select: {},
              overrideAccess: true,
              req,
            })
          ).docs.map((doc) => doc.id as number),
    )
    outside.push(...ids.filter((id) => !inside.has(id)).map((id) => ({ relationTo: collection, id })))
  }
  return outside
}
