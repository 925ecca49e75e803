import { UPLOAD_COLLECTIONS } from '@/collections/slugs'

/**
 * Payload's file route (`/api/<collection>/file/<name>`) turns a `prefix` query parameter into
 * a filter on a column none of our upload collections has, and that query fails as a 500.
 * The parameter means nothing here: it is refused as bad input instead.
 */
export const refusedFileQuery = (request: Request): string | undefined => {
  const url = new URL(request.url)
  const [collection, route] = url.pathname.replace(/^\/api\//, '').split('/')
  if (route === 'file' && UPLOAD_COLLECTIONS.includes(collection ?? '') && url.searchParams.has('prefix')) {
    return 'Unknown parameter "prefix".'
  }
  return undefined
}
