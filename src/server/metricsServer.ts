import type { Server } from 'node:net'

import crypto from 'node:crypto'
import http from 'node:http'

import { exposition } from '@/services/metrics/registry'
import { settings } from '@/settings'

const sameSecret = (given: string, expected: string): boolean => {
  const a = crypto.createHash('sha256').update(given).digest()
  const b = crypto.createHash('sha256').update(expected).digest()
  return crypto.timingSafeEqual(a, b)
}

/**
 * Answers a scrape: the metrics when the token (if one is configured) was sent as a bearer
 * token, 401 otherwise. Metrics name routes, queues and volumes, which are not for everyone.
 */
export const answerScrape = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
  const { token } = settings.metrics
  const sent = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]
  if (token && !(sent && sameSecret(sent, token))) {
    res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': 'Bearer realm="metrics"' }).end('A metrics token is needed.\n')
    return
  }
  try {
    const { body, contentType } = await exposition()
    res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(body)
  } catch (error) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Metrics could not be read: ${error instanceof Error ? error.message : String(error)}\n`)
  }
}

/** A listener of its own for GET /metrics (METRICS_PORT, WORKER_METRICS_PORT): reachable by Prometheus, not by the public. */
export const startMetricsServer = async (port: number, host = settings.metrics.host): Promise<Server> => {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && new URL(req.url ?? '/', 'http://metrics').pathname === '/metrics') {
      void answerScrape(req, res)
      return
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Only GET /metrics is here.\n')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  return server
}
