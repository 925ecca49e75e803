import type http from 'node:http'
import type { AddressInfo } from 'node:net'

import { DrizzleQueryError } from '@payloadcms/db-postgres/drizzle'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { loggerOptions } from '@/http/logging'
import { createAppServer } from '@/server/startServer'

/** Payload's logger as configured, writing into `lines`. */
const lines: Record<string, unknown>[] = []
const logger = pino(loggerOptions('info') as pino.LoggerOptions, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) })

let server: http.Server
let origin: string

beforeAll(async () => {
  // A handler that logs after an await, as Payload does deep inside a request.
  server = createAppServer({
    dev: false,
    handle: async (req, res) => {
      await new Promise((resolve) => setImmediate(resolve))
      logger.info({ path: req.url, user: { email: 'someone@example.com', password: 'hunter2' }, headers: { authorization: 'JWT abc' } }, 'served')
      res.end(String(req.headers['x-request-id']))
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${origin}${path}`, { headers })
  return { id: response.headers.get('x-request-id'), seen: await response.text(), line: lines.find((line) => line.path === path) }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('request ids and log lines', () => {
  it('should keep the id a proxy sent, hand it to the app, answer with it and tag the log lines made for it', async () => {
    const answer = await get('/kept', { 'X-Request-Id': 'lb-7f3a.42:1' })
    expect(answer).toMatchObject({ id: 'lb-7f3a.42:1', seen: 'lb-7f3a.42:1' })
    expect(answer.line).toMatchObject({ requestId: 'lb-7f3a.42:1', msg: 'served' })
  })

  it('should make one for a request without an id, or with one that is too long or not plain', async () => {
    for (const [path, sent] of [['/none', undefined], ['/long', 'x'.repeat(129)], ['/odd', 'id with spaces<script>']] as const) {
      const answer = await get(path, sent === undefined ? {} : { 'X-Request-Id': sent })
      expect(answer.id).toMatch(UUID)
      expect(answer.seen).toBe(answer.id)
      expect(answer.line?.requestId).toBe(answer.id)
    }
    // Each request its own.
    expect(new Set(lines.map((line) => line.requestId)).size).toBe(lines.length)
  })

  it('should keep credentials and email addresses out of the log', async () => {
    const { line } = await get('/private')
    expect(line).toMatchObject({ user: { email: '[redacted]', password: '[redacted]' }, headers: { authorization: '[redacted]' } })
    expect(JSON.stringify(line)).not.toMatch(/hunter2|someone@example\.com|JWT abc/)
  })

  it("should keep a failed query's values out of the logged error, and its query in", () => {
    // What Payload logs when PostgreSQL refuses a write: Drizzle's error around node-postgres's.
    const refusal = Object.assign(new Error('duplicate key value violates unique constraint "users_email_idx"'), {
      code: '23505',
      detail: 'Key (email)=(someone@example.com) already exists.',
    })
    const failed = new DrizzleQueryError('insert into "users" ("email", "name") values ($1, $2)', ['someone@example.com', 'Amina Yusuf'], refusal)
    logger.error({ err: failed, msg: 'write failed' })
    const line = lines.at(-1) as { err: { message: string; stack: string; params: unknown } }
    expect(JSON.stringify(line)).not.toMatch(/someone@example\.com|Amina Yusuf/)
    // pino adds the cause's message after the error's own.
    expect(line.err.message).toBe(
      'Failed query: insert into "users" ("email", "name") values ($1, $2)\nparams: [redacted]: duplicate key value violates unique constraint "users_email_idx"',
    )
    expect(line.err.stack).toContain('params: [redacted]\n    at ')
    expect(line.err.params).toBe('[redacted]')
    // node-postgres's own error, logged as it is, names the values in its detail.
    logger.error({ err: refusal, msg: 'write failed' })
    const own = lines.at(-1) as { err: { detail: string; code: string } }
    expect(own.err).toMatchObject({ detail: 'Key (email)=([redacted]) already exists.', code: '23505' })
    expect(refusal.detail).toBe('Key (email)=(someone@example.com) already exists.')
    // The error itself, which the client's answer is made from, is left as it was.
    expect(failed.params).toEqual(['someone@example.com', 'Amina Yusuf'])
  })

  it('should tag nothing outside a request', () => {
    logger.info('between requests')
    expect(lines.at(-1)).not.toHaveProperty('requestId')
  })
})
