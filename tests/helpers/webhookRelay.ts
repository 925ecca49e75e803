import type http from 'node:http'
import type { AddressInfo } from 'node:net'

import type { TestApp } from './boot'

/**
 * An HTTP address for a provider stand-in to send webhooks to: our own HTTP server
 * (src/server/startServer.ts), which answers what it answers itself in production (Stripe's
 * webhook, once the app's routes registered it) and hands every other POST, raw body and named
 * headers intact, to the app's own route handlers in place of Next.
 */
export const startWebhookRelay = async (app: TestApp, forward: string[]): Promise<{ origin: string; close: () => Promise<void> }> => {
  const { createAppServer } = await import('@/server/startServer')
  const relay = (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => new Promise((done) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const headers: Record<string, string> = { 'content-type': req.headers['content-type'] ?? 'application/json' }
      for (const name of forward) {
        const value = req.headers[name]
        if (typeof value === 'string') {
          headers[name] = value
        }
      }
      app.api
        .post(req.url ?? '/', { rawBody: Buffer.concat(chunks).toString('utf8'), headers })
        .then(async (response) => {
          res.writeHead(response.status, { 'content-type': response.headers.get('content-type') ?? 'application/json' })
          res.end(Buffer.from(await response.arrayBuffer()))
        })
        .catch((error: unknown) => {
          res.writeHead(599)
          res.end(String(error))
        })
        .finally(done)
    })
  })
  const server = createAppServer({ dev: false, handle: relay })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
