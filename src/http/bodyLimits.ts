import { ASSIGNMENTS, COURSES, MEDIA, ORDERS } from '@/shared/slugs'
import { settings } from '@/settings'

const MB = 1_048_576

/** Hand-ins (`POST /api/assignments/:id/submit`): above any assignment's own file limit (100 MB). */
const HAND_IN_BYTES = 110 * MB
/** A proof of a bank transfer: a scan or a PDF. */
export const PROOF_BYTES = 10 * MB
/** Bulk enrollment sheets (`POST /api/courses/:id/enrollments/bulk`), as the endpoint reads them. */
const SHEET_BYTES = 1_000_000
/** Room for the rest of a media form (`_payload`, part headers) beside the file itself. */
const MULTIPART_MARGIN = MB

export type BodyLimit = {
  bytes: number
  /** Refusal text, in Payload's error shape `{ errors: [{ message }] }`. */
  message: string
}

type Args = {
  method: string
  /** The path as requested, percent-encoded or not. */
  pathname: string
  contentType: string | null | undefined
}

const sizeText = (bytes: number): string =>
  bytes >= 1_000_000 ? `${Number((bytes / MB).toFixed(1))} MB` : `${Math.round(bytes / 1024)} KB`

const limit = (bytes: number): BodyLimit => ({
  bytes,
  message: `The request body is too large: at most ${sizeText(bytes)} may be sent here.`,
})

const segmentsOf = (pathname: string): string[] =>
  pathname
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment)
      } catch {
        return segment
      }
    })

/**
 * How large the body of a request may be, from its method, path and content type. Every
 * path gets a limit; anything not named here (REST writes, login and the other auth routes,
 * the admin panel's server functions) gets the JSON one. The limit is the same in our HTTP
 * server and in the API gate, so whichever sees the body first refuses it.
 */
export const bodyLimitFor = ({ method, pathname, contentType }: Args): BodyLimit => {
  const segments = segmentsOf(pathname)
  if (segments[0] !== 'api') {
    return limit(settings.bodyLimits.jsonBytes)
  }
  const [collection, id, ...rest] = segments.slice(1)
  const post = method.toUpperCase() === 'POST'
  const multipart = (contentType ?? '').toLowerCase().startsWith('multipart/form-data')
  if (collection === 'graphql' && id === undefined) {
    return limit(settings.bodyLimits.graphqlBytes)
  }
  if (post && collection === ASSIGNMENTS && id && rest.join('/') === 'submit' && multipart) {
    return limit(HAND_IN_BYTES)
  }
  if (post && collection === ORDERS && id && rest.join('/') === 'proof' && multipart) {
    return limit(PROOF_BYTES + MULTIPART_MARGIN)
  }
  if (post && collection === COURSES && id && rest.join('/') === 'enrollments/bulk') {
    return limit(SHEET_BYTES)
  }
  if (collection === MEDIA && multipart) {
    return limit(settings.media.maxFileMb * MB + MULTIPART_MARGIN)
  }
  return limit(settings.bodyLimits.jsonBytes)
}

/** The declared length of a request body, when it declares one. */
export const declaredLength = (value: string | null | undefined): number | undefined => {
  if (value === null || value === undefined || !/^\d+$/.test(value.trim())) {
    return undefined
  }
  return Number(value.trim())
}

/**
 * The request with its body read through a counter: past `limit` the stream fails, so
 * whoever reads it (Payload, an endpoint) gets an error instead of the rest, and
 * `exceeded()` tells the gate to answer 413 whatever the reader made of it.
 */
export const countedRequest = (request: Request, { bytes }: BodyLimit): { request: Request; exceeded: () => boolean } => {
  if (!request.body) {
    return { request, exceeded: () => false }
  }
  let seen = 0
  let over = false
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength
      if (seen > bytes) {
        over = true
        controller.error(new Error(`request body over ${bytes} bytes`))
        return
      }
      controller.enqueue(chunk)
    },
  })
  const counted = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body.pipeThrough(counter),
    signal: request.signal,
    // A streamed request body must say so (fetch's half-duplex rule).
    duplex: 'half',
  } as RequestInit)
  return { request: counted, exceeded: () => over }
}
