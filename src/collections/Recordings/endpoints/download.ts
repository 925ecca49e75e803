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
  // Several ranges, another unit, or a range that makes no sense (5-3): the whole file, as RFC 9110 allows.
  if (!header || !match || (match[1] === '' && match[2] === '') || (match[1] !== '' && match[2] !== '' && Number(match[2]) < Number(match[1]))) {
    return undefined
  }
  if (match[1] === '') {
    const suffix = Number(match[2])
    return suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(match[1])
  return start >= size ? 'unsatisfiable' : { start, end: match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1) }
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
    await readableOr404(req, RECORDINGS, id, 'recording', { select: { transcript: false } })
    // As the system reads it, once the asker may: where the file is, which students do not see.
    const row = await req.payload.findByID({ collection: RECORDINGS, id, depth: 0, overrideAccess: true, select: { status: true, size: true, filename: true, mimeType: true, name: true }, req })
    if (row.status !== 'stored' || !row.filename || row.size === null || row.size === undefined) {
      throw new APIError('The recording is still being copied from Zoom: try again in a few minutes.', 409, undefined, true)
    }
    const range = rangeOf(req.headers.get('range'), row.size)
    if (range === 'unsatisfiable') {
      return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${row.size}` } })
    }
    const opened = await openObjectStream(recordingKey(row.filename), range)
    if (!opened) {
      throw new APIError('The recording’s file is missing from storage.', 410, undefined, true)
    }
    const headers: Record<string, string> = {
      'Content-Type': row.mimeType ?? 'application/octet-stream',
      'Content-Length': String(range ? range.end - range.start + 1 : row.size),
      'Content-Disposition': `attachment; filename="${(row.name ?? `recording-${id}`).replace(/[^\w.-]/g, '_')}"`,
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
