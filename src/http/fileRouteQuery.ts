import type { CollectionSlug, Payload } from 'payload'

import { UPLOAD_COLLECTIONS } from '@/shared/slugs'

/**
 * What the gate answers itself on Payload's file route (`/api/<collection>/file/<name>`), or
 * undefined to hand the request on:
 * - a `prefix` query parameter, which Payload turns into a filter on a column none of our
 *   upload collections has (a 500): refused as bad input;
 * - a name no document of the collection has: Payload would look for it on disk anyway and, for
 *   someone whose access is not a query (a super-admin), answer a missing file with a 500.
 */
export const refusedFileRoute = async (payload: Payload, request: Request): Promise<{ status: number; message: string } | undefined> => {
  const url = new URL(request.url)
  const [collection, route, ...rest] = url.pathname.replace(/^\/api\//, '').split('/')
  if (route !== 'file' || !UPLOAD_COLLECTIONS.includes(collection ?? '')) {
    return undefined
  }
  if (url.searchParams.has('prefix')) {
    return { status: 400, message: 'Unknown parameter "prefix".' }
  }
  let filename = ''
  try {
    filename = decodeURIComponent(rest.join('/'))
  } catch {
    // An undecodable name names nothing.
  }
  const stored =
    filename.length > 0 &&
    filename.length <= 255 &&
    !filename.includes('\u0000') &&
    !/[/\\]/.test(filename) &&
    (await payload.count({ collection: collection as CollectionSlug, where: { filename: { equals: filename } }, overrideAccess: true })).totalDocs > 0
  return stored ? undefined : { status: 404, message: 'No such file.' }
}
