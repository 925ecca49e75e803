import http from 'node:http'
import next from 'next'

import { CLIENT_IP_HEADER, trustedClientIp } from '@/http/clientIp'
import { securityHeaders } from '@/http/securityHeaders'
import { settings } from '@/settings'

type Args = { dev: boolean; port: number; hostname?: string }

/**
 * Serves Next (admin, REST, GraphQL) from our own HTTP server, which is the one
 * place that knows the real peer address: it sets the client-IP header the rate
 * limits read and drops forwarded headers no trusted proxy wrote. It also puts the
 * security headers on every response.
 */
export const startServer = async ({ dev, port, hostname = '0.0.0.0' }: Args): Promise<http.Server> => {
  const app = next({ dev, dir: process.cwd(), port, hostname: 'localhost' })
  const handle = app.getRequestHandler()
  await app.prepare()
  const server = http.createServer((req, res) => {
    const forwarded = req.headers['x-forwarded-for']
    req.headers[CLIENT_IP_HEADER] = trustedClientIp(
      req.socket.remoteAddress,
      Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
      settings.trustProxyHops,
    )
    for (const [name, value] of Object.entries(securityHeaders({ production: !dev, path: req.url ?? '/' }))) {
      res.setHeader(name, value)
    }
    if (settings.trustProxyHops === 0) {
      delete req.headers['x-forwarded-for']
      delete req.headers['x-forwarded-host']
      delete req.headers['x-forwarded-proto']
    }
    void handle(req, res)
  })
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve))
  return server
}
