import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'

import type { Course } from '@/payload-types'

import { mediaNamedBy, refreshMediaVisibility } from '@/domain/media/mediaVisibility'

/** A course's cover and description images are public while it is published and not archived. */
export const refreshCoverVisibility: CollectionAfterChangeHook<Course> = async ({ doc, previousDoc, req }) => {
  await refreshMediaVisibility({ req, ids: mediaNamedBy(doc.cover, doc.description, previousDoc?.cover, previousDoc?.description) })
  return doc
}

export const refreshCoverVisibilityAfterDelete: CollectionAfterDeleteHook<Course> = async ({ doc, req }) => {
  await refreshMediaVisibility({ req, ids: mediaNamedBy(doc.cover, doc.description) })
  return doc
}
