import type { CollectionSlug, PayloadRequest } from 'payload'

/**
 * Whether this write is a document's first publication (its students learn of it then): now
 * published, not before, and no earlier published version. One published, taken back to a draft
 * and published again was announced the first time.
 */
export const isFirstPublication = async (req: PayloadRequest, collection: CollectionSlug, doc: { id: number; _status?: string | null }, previous: { _status?: string | null } | undefined): Promise<boolean> => {
  if (doc._status !== 'published' || previous?._status === 'published') {
    return false
  }
  const published = await req.payload.countVersions({ collection, where: { and: [{ parent: { equals: doc.id } }, { 'version._status': { equals: 'published' } }] }, req })
  return published.totalDocs <= 1
}
