import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'

import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/** A handler of Web requests, as Payload's `handleEndpoints` and Next's route handlers are. */
export type FetchHandler = (request: Request) => Promise<Response>

/** The node request as a Web `Request`: same method, URL, headers and (streamed) body; aborted when the client goes. */
const toRequest = (req: IncomingMessage, res: ServerResponse): Request => {
  const headers = new Headers()
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
  }
  const aborted = new AbortController()
  res.once('close', () => {
    if (!res.writableFinished) {
      aborted.abort()
    }
  })
  const method = req.method ?? 'GET'
  const hasBody = method !== 'GET' && method !== 'HEAD'
  return new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`), {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // Required by fetch's Request for a streamed body.
    duplex: 'half',
    signal: aborted.signal,
  } as RequestInit)
}

/** Status, headers (every Set-Cookie kept apart) and body of `response`, streamed to `res`. */
const send = async (response: Response, res: ServerResponse): Promise<void> => {
  const headers: Record<string, string | string[]> = {}
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') {
      headers[name] = value
    }
  }
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) {
    headers['set-cookie'] = cookies
  }
  res.writeHead(response.status, response.statusText || undefined, headers)
  if (!response.body) {
    res.end()
    return
  }
  await pipeline(Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]), res)
}

/**
 * A node:http listener serving `handle`: what Next does for a route handler, without Next. A
 * handler that throws (Payload's answers its own errors) is a 500 in Payload's error shape.
 */
export const fetchListener =
  (handle: FetchHandler, onError: (error: unknown) => void): RequestListener =>
  (req, res) => {
    void (async () => {
      try {
        await send(await handle(toRequest(req, res)), res)
      } catch (error) {
        if (res.destroyed) {
          // The client went away mid-answer (a load generator stopping): nothing to report.
          return
        }
        onError(error)
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ errors: [{ message: 'Something went wrong.' }] }))
        } else {
          res.destroy()
        }
      }
    })()
  }
