import type { CollectionSlug, TextField, Validate } from 'payload'
import { relationId } from '@/shared/relationId'

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/**
 * A URL slug unique within its tenant: the same slug may exist in another school.
 * Pair it with a compound unique index on (tenant, slug) in the collection.
 */
export const tenantSlugField = (collection: CollectionSlug): TextField => {
  const validate: Validate<string> = async (value, { data, id, req }) => {
    if (typeof value !== 'string' || !SLUG.test(value)) {
      return 'Use lowercase letters, digits and single hyphens, such as "data-science".'
    }
    const tenant = relationId((data as { tenant?: unknown }).tenant)
    if (tenant === undefined) {
      return true
    }
    const taken = await req.payload.count({
      collection,
      where: { and: [{ tenant: { equals: tenant } }, { slug: { equals: value } }, ...(id ? [{ id: { not_equals: id } }] : [])] },
      overrideAccess: true,
      req,
    })
    return taken.totalDocs === 0 ? true : `"${value}" is already used in this school.`
  }
  return {
    name: 'slug',
    type: 'text',
    required: true,
    maxLength: 80,
    index: true,
    hooks: { beforeValidate: [({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)] },
    validate,
  }
}
