import type { CollectionBeforeValidateHook } from 'payload'

import type { Category } from '@/payload-types'

import { ValidationError } from 'payload'

import { CATEGORIES } from '@/shared/slugs'
import { referenceId } from '@/shared/referenceId'
import { relationId } from '@/shared/relationId'

const MAX_DEPTH = 10

/**
 * No category may be its own ancestor, and nesting stays shallow. That the parent is a category
 * of the same school is the tenant boundary's rule (keepReferencesInTenant), which answers a
 * missing parent and another school's alike; the walk stops at either.
 */
export const checkParent: CollectionBeforeValidateHook<Category> = async ({ data, originalDoc, req }) => {
  const parentId = referenceId(data?.parent ?? (data && 'parent' in data ? null : originalDoc?.parent))
  if (parentId === null) {
    return data
  }
  const tenant = relationId(data?.tenant ?? originalDoc?.tenant)
  const fail = (message: string): never => {
    throw new ValidationError({ collection: CATEGORIES, errors: [{ path: 'parent', message }] })
  }
  let current: number | undefined = parentId
  for (let depth = 0; current !== undefined; depth += 1) {
    if (current === originalDoc?.id) {
      fail('A category cannot be placed inside itself or one of its subcategories.')
    }
    if (depth >= MAX_DEPTH) {
      fail(`Categories nest at most ${MAX_DEPTH} levels deep.`)
    }
    const node = await req.payload.findByID({ collection: CATEGORIES, id: current, depth: 0, overrideAccess: true, disableErrors: true, req })
    if (!node || relationId(node.tenant) !== tenant) {
      break
    }
    current = relationId(node.parent)
  }
  return data
}
