import type { Endpoint } from 'payload'

import { Readable } from 'node:stream'
import { APIError } from 'payload'

import { recordingKey } from '@/domain/live/recordings'
import { readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { openObjectStream } from '@/services/storage/objects'
import { RECORDINGS } from '@/shared/slugs'

/** One range of bytes (`bytes=a-b`, `bytes=a-`, `bytes=-n`), as video players ask to seek; undefined for the whole file. */
const rangeOf = (header: string | null, size: number): { start: number; end: number } | undefined | 'unsatisfiable' => {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null
  if (!header || !match || (match[1] === '' && match[2] === '')) {
    // Several ranges, or another unit: the whole file, as RFC 9110 allows.
    return undefined
  }
  const [start, end] = match[1] === '' ? [Math.max(0, size - Number(match[2])), size - 1] : [Number(match[1]), match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)]
  return start > end || start >= size ? 'unsatisfiable' : { start, end }
}

/**
 * `GET /api/recordings/:id/file`: the stored file of a recording, streamed from storage, to those
 * who read the recording (the course's staff, its students learning now). Byte ranges are
 * served, so a player can seek in a long video; nothing is cached outside the asker's browser.
 */
export const downloadRecording: Endpoint = {
  path: '/:id/file',
  method: 'get',
  handler: async (req) => {
    requirePerson(req, 'watch a recording')
    const id = routeId(req, 'id', 'recording')
    const row = await readableOr404(req, RECORDINGS, id, 'recording')
    if (row.status !== 'stored' || !row.size) {
      throw new APIError('The recording is still being copied from Zoom: try again in a few minutes.', 409, undefined, true)
    }
    const range = rangeOf(req.headers.get('range'), row.size)
    if (range === 'unsatisfiable') {
      return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${row.size}` } })
    }
    const opened = await openObjectStream(recordingKey(row), range)
    if (!opened) {
      throw new APIError('The recording’s file is missing from storage.', 410, undefined, true)
    }
    const headers: Record<string, string> = {
      'Content-Type': row.contentType ?? 'application/octet-stream',
      'Content-Length': String(range ? range.end - range.start + 1 : row.size),
      'Content-Disposition': `attachment; filename="${(row.fileName ?? `recording-${row.id}`).replace(/[^\w.-]/g, '_')}"`,
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    }
    if (range) {
      headers['Content-Range'] = `bytes ${range.start}-${range.end}/${row.size}`
    }
    return new Response(Readable.toWeb(opened.stream) as ReadableStream, { status: range ? 206 : 200, headers })
  },
}
