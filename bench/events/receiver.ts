import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { Webhook } from 'standardwebhooks'

export type Tally = {
  /** Requests answered, duplicates and refusals included. */
  requests: number
  /** Webhook-ids seen at least once. */
  distinct: number
  /** Requests whose signature did not verify (answered 401, so the sender tries again). */
  badSignatures: number
  /** performance.now() of the first and last request with a good signature, and of the last id seen for the first time. */
  firstAt: number
  lastAt: number
  lastNewAt: number
  counts: Map<string, number>
}

const emptyTally = (): Tally => ({ requests: 0, distinct: 0, badSignatures: 0, firstAt: Number.NaN, lastAt: Number.NaN, lastNewAt: Number.NaN, counts: new Map() })

/**
 * A webhook receiver on loopback as an integrator would run one, but fast: every message's
 * Standard Webhooks signature is checked with the `standardwebhooks` package against the secret
 * of the school its path names, its webhook-id counted, and 200 answered with keep-alive.
 */
export const startReceiver = async () => {
  const verifiers = new Map<string, Webhook>()
  let tally = emptyTally()
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      tally.requests++
      const id = String(request.headers['webhook-id'])
      const verifier = verifiers.get(request.url ?? '')
      let verified = false
      try {
        verifier?.verify(Buffer.concat(chunks).toString('utf8'), {
          'webhook-id': id,
          'webhook-timestamp': String(request.headers['webhook-timestamp']),
          'webhook-signature': String(request.headers['webhook-signature']),
        })
        verified = verifier !== undefined
      } catch {
        // Counted below.
      }
      if (!verified) {
        tally.badSignatures++
        response.writeHead(401, { 'content-type': 'text/plain' }).end('bad signature')
        return
      }
      const now = performance.now()
      if (Number.isNaN(tally.firstAt)) {
        tally.firstAt = now
      }
      tally.lastAt = now
      const seen = tally.counts.get(id) ?? 0
      tally.counts.set(id, seen + 1)
      if (seen === 0) {
        tally.distinct++
        tally.lastNewAt = now
      }
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
    })
  })
  // Longer than any pause between a sender's requests, so keep-alive connections are reused.
  server.keepAliveTimeout = 30_000
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  const baseUrl = `http://127.0.0.1:${port}/hooks`
  return {
    baseUrl,
    /** Messages to `baseUrl/<name>` are checked against `secret`. */
    trust: (url: string, secret: string) => {
      verifiers.set(new URL(url).pathname, new Webhook(secret))
    },
    /** Starts counting afresh and answers the finished count. */
    reset: (): Tally => {
      const finished = tally
      tally = emptyTally()
      return finished
    },
    tally: (): Tally => tally,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>

/** Lost, duplicated and unexpected webhook-ids of `expected` in what the receiver counted. */
export const reconcile = (tally: Tally, expected: string[]) => {
  const wanted = new Set(expected)
  let lost = 0
  let duplicatedIds = 0
  let extraCopies = 0
  for (const id of expected) {
    const count = tally.counts.get(id) ?? 0
    if (count === 0) {
      lost++
    } else if (count > 1) {
      duplicatedIds++
      extraCopies += count - 1
    }
  }
  const unexpected = [...tally.counts.keys()].filter((id) => !wanted.has(id)).length
  return { lost, duplicatedIds, extraCopies, unexpected }
}
