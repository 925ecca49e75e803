import config from '@payload-config'
import http from 'node:http'
import { getPayload, handleEndpoints } from 'payload'

import { fetchListener } from './fetchListener'
import { type LogLevel, plainConfig, type Stripped } from './plainConfig'

export type PlainPayloadServer = { url: string; stripped: Stripped; stop: () => Promise<void> }

type Args = { port: number; host?: string; logLevel?: LogLevel }

/** How long open connections may finish their requests once the server stops taking new ones. */
const CLOSE_DEADLINE_MS = 5_000

/**
 * Aqoon's schema as a plain Payload app (plainConfig), its REST API served under /api over
 * node:http by Payload's framework-agnostic handler, `handleEndpoints`, called as
 * @payloadcms/next's REST route calls it: the config and the Web request. That route's `path`
 * is the request's own path, which `handleEndpoints` reads when given none; the `/og` image
 * endpoint the route adds needs Next and is left out. No admin panel, no GraphQL (Next serves
 * both), no migrations (the schema is Aqoon's, already migrated), no jobs.
 */
export const servePlainPayload = async ({ port, host = '127.0.0.1', logLevel }: Args): Promise<PlainPayloadServer> => {
  const { config: plain, stripped } = await plainConfig(await config, { logLevel })
  // Without `cron`: no queue runs here (autoRun is gone anyway). The REST handler asks getPayload
  // for the same cached instance.
  const payload = await getPayload({ config: plain })
  const server = http.createServer(
    fetchListener(
      (request) => handleEndpoints({ config: plain, request }),
      (error) => payload.logger.error({ err: error, msg: 'plain Payload: a request failed outside Payload' }),
    ),
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const url = `http://${host}:${port}`
  payload.logger.info({ msg: `plain Payload listening on ${url}/api`, stripped })

  return {
    url,
    stripped,
    stop: async () => {
      // Idle keep-alive connections close at once; busy ones after their answer, or at the deadline.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      const deadline = setTimeout(() => server.closeAllConnections(), CLOSE_DEADLINE_MS)
      await closed
      clearTimeout(deadline)
      await payload.destroy()
    },
  }
}
