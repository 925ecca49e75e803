import type { CollectionAfterChangeHook } from 'payload'

import type { Course } from '@/payload-types'

import { MEDIA } from '@/collections/slugs'
import { relationId } from '@/fields/relationId'

/**
 * A published course shows its cover to visitors, so the image becomes public. Runs
 * after validation, which has checked the image belongs to the course's school.
 */
export const publishCover: CollectionAfterChangeHook<Course> = async ({ doc, req }) => {
  const cover = relationId(doc.cover)
  if (doc._status !== 'published' || cover === undefined) {
    return doc
  }
  const media = await req.payload.findByID({ collection: MEDIA, id: cover, depth: 0, select: { public: true }, overrideAccess: true, disableErrors: true, req })
  if (media && !media.public) {
    await req.payload.update({ collection: MEDIA, id: cover, data: { public: true }, overrideAccess: true, req })
  }
  return doc
}
