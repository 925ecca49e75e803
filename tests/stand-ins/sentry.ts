import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'

/** An event as it reached the ingest endpoint: its payload, the envelope's raw text and the key it was sent with. */
export type ReceivedEvent = {
  event: { event_id?: string; tags?: Record<string, string>; exception?: { values?: { type?: string; value?: string }[] }; request?: unknown; user?: unknown; environment?: string; release?: string } & Record<string, unknown>
  raw: string
  publicKey: string | undefined
}

export type SentryStandIn = {
  /** The DSN to give the SDK (SENTRY_DSN). */
  dsn: string
  publicKey: string
  events: ReceivedEvent[]
  /** Envelopes refused for a missing or wrong key. */
  refused: number
  close: () => Promise<void>
}

/** `sentry_key` from X-Sentry-Auth (`Sentry sentry_key=…, sentry_version=7`) or from the query, where Sentry's ingest reads it. */
const keyOf = (req: http.IncomingMessage, url: URL): string | undefined => {
  const header = req.headers['x-sentry-auth']
  const fromHeader = typeof header === 'string' ? /sentry_key=([^,\s]+)/.exec(header)?.[1] : undefined
  return fromHeader ?? url.searchParams.get('sentry_key') ?? undefined
}

/**
 * Sentry's ingest endpoint on 127.0.0.1 (`POST /api/<project>/envelope/`): it checks the DSN's
 * public key as Sentry does (401 otherwise), reads the newline-delimited envelope (gzip or not)
 * and keeps its events.
 */
export const startSentryStandIn = async (): Promise<SentryStandIn> => {
  const projectId = String(crypto.randomInt(1, 1_000_000))
  const publicKey = crypto.randomBytes(16).toString('hex')
  const events: ReceivedEvent[] = []
  const standIn = { refused: 0 }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://sentry')
      if (req.method !== 'POST' || url.pathname !== `/api/${projectId}/envelope/`) {
        res.writeHead(404).end()
        return
      }
      const sentKey = keyOf(req, url)
      if (sentKey !== publicKey) {
        standIn.refused += 1
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"detail":"invalid api key"}')
        return
      }
      const body = Buffer.concat(chunks)
      const raw = (req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(body) : body).toString('utf8')
      // Envelope header, then pairs of item header and item payload, one JSON document a line.
      const lines = raw.split('\n').filter(Boolean)
      for (let i = 1; i + 1 < lines.length; i += 2) {
        const item = JSON.parse(lines[i]!) as { type?: string }
        if (item.type === 'event') {
          events.push({ event: JSON.parse(lines[i + 1]!) as ReceivedEvent['event'], raw, publicKey: sentKey })
        }
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    dsn: `http://${publicKey}@127.0.0.1:${port}/${projectId}`,
    publicKey,
    events,
    get refused() {
      return standIn.refused
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
