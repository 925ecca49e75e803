import type http from 'node:http'
import type { AddressInfo } from 'node:net'

import type { TestApp } from './boot'

/**
 * Our HTTP server (src/server/startServer.ts) around the same route handlers Next serves under
 * /api, in place of Next: what the server does before and after the app (admission, request ids,
 * metrics) runs for real. Only the named request headers are passed on; the answer keeps its
 * content type and `Retry-After`.
 */
export const serveThroughOurServer = async (app: TestApp, forward: string[]): Promise<{ server: http.Server; origin: string }> => {
  const { createAppServer } = await import('@/server/startServer')
  const server = createAppServer({
    dev: false,
    handle: async (req, res) => {
      const headers: Record<string, string> = {}
      for (const name of forward) {
        const value = req.headers[name]
        if (typeof value === 'string') {
          headers[name] = value
        }
      }
      const call = req.method === 'POST' ? app.api.post : app.api.get
      const response = await call(req.url ?? '/', { headers })
      const retryAfter = response.headers.get('retry-after')
      res.writeHead(response.status, {
        'content-type': response.headers.get('content-type') ?? 'application/json',
        ...(retryAfter ? { 'retry-after': retryAfter } : {}),
      })
      res.end(Buffer.from(await response.arrayBuffer()))
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}
