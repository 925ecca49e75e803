import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

import { uniq } from './personas'

export type WebhookMessage = { id: string; timestamp: string; signature: string; body: string; verifiedWith: string[] }

/**
 * A real webhook receiver on loopback, as an integrator runs one: each message is checked with
 * the `standardwebhooks` package against every secret it trusts, each on its own. It answers
 * with the next planned status (200 when none is planned), or holds the request open.
 */
export const startWebhookReceiver = async () => {
  const messages: WebhookMessage[] = []
  const plan: (number | 'hold')[] = []
  const held: http.ServerResponse[] = []
  let secrets: string[] = []
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const headers = { 'webhook-id': String(request.headers['webhook-id']), 'webhook-timestamp': String(request.headers['webhook-timestamp']), 'webhook-signature': String(request.headers['webhook-signature']) }
      const verifiedWith = secrets.filter((secret) => {
        try {
          new Webhook(secret).verify(body, headers)
          return true
        } catch {
          return false
        }
      })
      const message = { id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'], body, verifiedWith }
      messages.push(message)
      server.emit('message', message)
      const next = plan.shift() ?? 200
      if (next === 'hold') {
        held.push(response)
        return
      }
      response.writeHead(next, { 'content-type': 'text/plain' }).end(next === 200 ? 'ok' : `receiver says ${next}`)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/${uniq()}`,
    messages,
    plan,
    /** The secrets messages are checked against from now on. */
    trust: (list: string[]) => {
      secrets = list
    },
    /** Resolves with the next message to arrive. */
    next: () => once(server, 'message').then(([message]) => message as WebhookMessage),
    close: async () => {
      held.forEach((response) => response.destroy())
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
