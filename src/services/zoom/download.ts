import { Readable, Transform } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'

import type { ZoomApi } from './api'
import { errorFromAnswer, ZoomError } from './errors'
import { type Answer, send } from './http'
import type { MeetingId, MeetingRecordings } from './types'

/** A recording file on its way: read `stream` to its end (or destroy it to stop). */
export type RecordingDownload = {
  stream: Readable
  /** Bytes, from Content-Length, when Zoom says. */
  size?: number
  contentType?: string
  /** From Content-Disposition, when Zoom says. */
  fileName?: string
}

export type DownloadInput = {
  /** The instance the file belongs to (its UUID, as `recording_files[].meeting_id` gives), for a fresh token. */
  meetingId: MeetingId
  downloadUrl: string
  /** `recording.completed`'s `download_token` (24 hours), or a `download_access_token`; fetched when left out. */
  downloadToken?: string
}

/**
 * The download host must be the OAuth host or one of its subdomains (zoom.us, us06web.zoom.us):
 * the bearer token goes with the request, so a URL pointing elsewhere is refused.
 */
const checkDownloadUrl = (downloadUrl: string, oauthBase: string): URL => {
  let url: URL
  try {
    url = new URL(downloadUrl)
  } catch {
    throw new TypeError('A Zoom recording download URL must be an absolute URL.')
  }
  const trusted = new URL(oauthBase)
  const host = url.hostname.toLowerCase()
  const home = trusted.hostname.toLowerCase()
  const hostMatches = host === home || host.endsWith(`.${home}`)
  const sameOrigin = url.origin === trusted.origin
  if (!(sameOrigin || (hostMatches && url.protocol === 'https:')) || url.username || url.password) {
    throw new TypeError(`A Zoom recording download URL must be on ${home} over https; refused ${url.origin}.`)
  }
  return url
}

const fileNameOf = (disposition: string | null): string | undefined => {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '')
  if (!match?.[1]) {
    return undefined
  }
  try {
    return decodeURIComponent(match[1])
  } catch {
    return match[1]
  }
}

/**
 * Passes chunks through and ends the stream with a ZoomError when nothing has come for
 * `idleMs`: a stalled download fails instead of hanging a job, however long the file.
 */
const idleWatch = (idleMs: number, onIdle: () => void): Transform => {
  let timer: NodeJS.Timeout | undefined
  const arm = () => {
    clearTimeout(timer)
    timer = setTimeout(onIdle, idleMs)
  }
  arm()
  const watch = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      arm()
      done(null, chunk)
    },
  })
  watch.on('close', () => clearTimeout(timer))
  return watch
}

/**
 * Streams one recording file: never held whole in memory, backpressure kept. The token goes in
 * the Authorization header (Zoom no longer takes it in the query). An expired or refused token
 * (401, 403) is replaced once by a fresh `download_access_token` from the recordings API.
 * `timeoutMs` bounds the wait for the answer's headers; after that, `idleMs` without a byte
 * ends the stream with an error.
 */
export const downloadCalls = (api: ZoomApi, getRecordings: (input: { meetingId: MeetingId; downloadTokenTtlSeconds?: number }) => Promise<MeetingRecordings>) => ({
  downloadRecordingFile: async ({
    meetingId,
    downloadUrl,
    downloadToken,
    idleMs = 60_000,
    freshTokenTtlSeconds = 3600,
  }: DownloadInput & {
    /** @default 60000 */
    idleMs?: number
    /** How long a fresh download token asked for here lives. @default 3600 */
    freshTokenTtlSeconds?: number
  }): Promise<RecordingDownload> => {
    const url = checkDownloadUrl(downloadUrl, api.oauthBase)
    const what = `download ${url.pathname}`
    const controller = new AbortController()
    const freshToken = async () => (await getRecordings({ meetingId, downloadTokenTtlSeconds: freshTokenTtlSeconds })).download_access_token as string

    const open = (token: string): Promise<Answer> =>
      send({
        url: url.toString(),
        method: 'GET',
        headers: { Authorization: `Bearer ${token}` },
        signal: controller.signal,
        timeoutMs: api.timeoutMs,
        what,
        policy: api.policy,
        idempotent: true,
        stream: true,
        now: api.now,
      })

    const headerTimer = setTimeout(() => controller.abort(), api.timeoutMs)
    let token = downloadToken ?? (await freshToken())
    let answer: Answer
    try {
      answer = await open(token)
      if ((answer.status === 401 || answer.status === 403) && downloadToken) {
        token = await freshToken()
        answer = await open(token)
      }
    } finally {
      clearTimeout(headerTimer)
    }
    const response = answer.response
    if (!response?.body) {
      throw errorFromAnswer(answer, what, [api.clientSecret, token, downloadToken])
    }
    const body = Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>)
    const stream = idleWatch(idleMs, () => {
      const error = new ZoomError({ status: 0, code: 'TIMEOUT', message: `Zoom ${what} stalled: nothing for ${idleMs} ms` })
      stream.destroy(error)
    })
    body.on('error', (error) => stream.destroy(error))
    // A reader that stops early (or a stall) lets go of the connection too.
    stream.on('close', () => {
      if (!body.destroyed) {
        body.destroy()
      }
    })
    body.pipe(stream)
    const length = Number(response.headers.get('content-length') ?? '')
    return {
      stream,
      size: Number.isFinite(length) && length >= 0 && response.headers.has('content-length') ? length : undefined,
      contentType: response.headers.get('content-type') ?? undefined,
      fileName: fileNameOf(response.headers.get('content-disposition')),
    }
  },
})
