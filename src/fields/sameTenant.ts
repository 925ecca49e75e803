import type { CollectionSlug, Validate } from 'payload'

import { relationId } from './relationId'

const ids = (value: unknown): number[] =>
  (Array.isArray(value) ? value : [value]).map(relationId).filter((id): id is number => id !== undefined)

/**
 * Validation for a relationship (single or hasMany) whose targets must belong to the
 * same school as the document. Payload only checks that the IDs exist.
 */
export const sameTenant =
  (collection: CollectionSlug, noun: string): Validate =>
  async (value, { data, req }) => {
    const wanted = [...new Set(ids(value))]
    const tenant = relationId((data as { tenant?: unknown }).tenant)
    if (wanted.length === 0 || tenant === undefined) {
      return true
    }
    const found = await req.payload.count({
      collection,
      where: { and: [{ id: { in: wanted } }, { tenant: { equals: tenant } }] },
      overrideAccess: true,
      req,
    })
    return found.totalDocs === wanted.length ? true : `Choose ${noun} of this school.`
  }
