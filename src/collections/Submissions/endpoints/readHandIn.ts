import { APIError, ValidationError } from 'payload'

import { SUBMISSIONS } from '@/shared/slugs'

export const MAX_TEXT = 50_000
const MAX_FILES = 10
/** Above any assignment's own limit (100 MB), so a request cannot exhaust memory first. */
const MAX_REQUEST_BYTES = 110 * 1_048_576

export type HandIn = { text?: string; files: { name: string; data: Buffer }[] }

const badText = (): never => {
  throw new ValidationError({ collection: SUBMISSIONS, errors: [{ path: 'text', message: `Write your answer (at most ${MAX_TEXT.toLocaleString('en')} characters).` }] })
}

const checkText = (value: unknown): string | undefined => {
  if (value === undefined || value === null) {
    return undefined
  }
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
    return badText()
  }
  return value
}

/** The text and files of a hand-in: JSON `{text}` or a multipart form (`text`, `file`...). */
export const readHandIn = async (request: Request): Promise<HandIn> => {
  const type = request.headers.get('content-type') ?? ''
  if (Number(request.headers.get('content-length') ?? 0) > MAX_REQUEST_BYTES) {
    throw new APIError('The hand-in is too large.', 413)
  }
  if (type.startsWith('multipart/form-data')) {
    const form = await request.formData().catch(() => {
      throw new APIError('The form could not be read.', 400)
    })
    const unknown = [...new Set([...form.keys()])].filter((key) => key !== 'text' && key !== 'file')
    if (unknown.length > 0) {
      throw new ValidationError({ collection: SUBMISSIONS, errors: [{ path: unknown.join(','), message: `Unknown field "${unknown.join('", "')}".` }] })
    }
    const entries = form.getAll('file')
    if (entries.length > MAX_FILES) {
      throw new APIError(`Hand in at most ${MAX_FILES} files at once.`, 400)
    }
    const files = await Promise.all(
      entries.map(async (entry) => {
        if (typeof entry === 'string') {
          throw new ValidationError({ collection: SUBMISSIONS, errors: [{ path: 'file', message: 'Send files in the "file" field.' }] })
        }
        return { name: entry.name || 'file', data: Buffer.from(await entry.arrayBuffer()) }
      }),
    )
    return { text: checkText(form.get('text') ?? undefined), files }
  }
  const raw = await request.text()
  let body: unknown = {}
  if (raw.trim() !== '') {
    try {
      body = JSON.parse(raw)
    } catch {
      throw new APIError('Send JSON, or a multipart form.', 400)
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new APIError('Send a JSON object.', 400)
  }
  const unknown = Object.keys(body).filter((key) => key !== 'text')
  if (unknown.length > 0) {
    throw new ValidationError({ collection: SUBMISSIONS, errors: [{ path: unknown.join(','), message: `Unknown field "${unknown.join('", "')}".` }] })
  }
  return { text: checkText((body as { text?: unknown }).text), files: [] }
}
