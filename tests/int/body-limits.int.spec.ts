import type { AddressInfo } from 'node:net'

import type { apiRoutes } from '@/http/apiRoutes'
import type { bodyLimitFor as BodyLimitFor } from '@/http/bodyLimits'
import type { createAppServer as CreateAppServer } from '@/server/startServer'

import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { PNG_1X1 } from '../fixtures/files'
import { freshIp } from '../helpers/api'
import { bootApp, type TestApp } from '../helpers/boot'
import { type Clamd, startClamd } from '../helpers/clamd'
import { createCourse } from '../helpers/courses'
import { createSchool, type School, uniq } from '../helpers/personas'

const MB = 1_048_576
const JSON_LIMIT = 64 * 1024
const GRAPHQL_LIMIT = 16 * 1024

let app: TestApp
let clamd: Clamd
let school: School
let routes: ReturnType<typeof apiRoutes>
// Imported once the app is booted: settings are read from the environment bootApp sets.
let bodyLimitFor: typeof BodyLimitFor
let createAppServer: typeof CreateAppServer
const id = uniq()

beforeAll(async () => {
  clamd = await startClamd()
  app = await bootApp({
    CLAMD_PORT: String(clamd.port),
    MEDIA_MAX_FILE_MB: '1',
    BODY_LIMIT_JSON_KB: String(JSON_LIMIT / 1024),
    BODY_LIMIT_GRAPHQL_KB: String(GRAPHQL_LIMIT / 1024),
  })
  school = await createSchool(app.payload, `limits-${id}`)
  routes = (await import('@/http/apiRoutes')).apiRoutes(Promise.resolve(app.payload.config))
  ;({ bodyLimitFor } = await import('@/http/bodyLimits'))
  ;({ createAppServer } = await import('@/server/startServer'))
})

afterAll(async () => {
  await app.close()
  await clamd.stop()
})

type Route = 'POST' | 'PATCH'

/** Calls a route handler directly, the way Next hands it a request. */
const send = (route: Route, path: string, init: RequestInit & { headers?: Record<string, string> }) => {
  const url = new URL(path, 'http://aqoon.test:3000')
  const slug = url.pathname.replace(/^\/api\/?/, '').split('/').filter(Boolean)
  const headers = { 'x-aqoon-client-ip': freshIp(), ...init.headers }
  return routes[route](new Request(url, { method: route, ...init, headers, duplex: 'half' } as RequestInit), { params: Promise.resolve({ slug }) })
}

const graphqlRequest = (body: BodyInit, headers: Record<string, string> = {}) =>
  routes.GRAPHQL(
    new Request('http://aqoon.test:3000/api/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-aqoon-client-ip': freshIp(), ...headers },
      body,
      duplex: 'half',
    } as RequestInit),
    { params: Promise.resolve({ slug: [] }) },
  )

/** An endless body, streamed without a declared length; counts what was read of it. */
const endlessBody = (chunk: Uint8Array) => {
  const read = { bytes: 0 }
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        read.bytes += chunk.byteLength
        controller.enqueue(chunk)
      },
    },
    // Nothing is produced before someone reads.
    { highWaterMark: 0 },
  )
  return { stream, read }
}

/** A body of `size` bytes streamed in 16 KB chunks without a declared length. */
const streamedBody = (text: string) => {
  const bytes = new TextEncoder().encode(text)
  let offset = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close()
        return
      }
      controller.enqueue(bytes.subarray(offset, offset + 16_384))
      offset += 16_384
    },
  })
}

const expect413 = async (response: Response, size: string) => {
  expect(response.status).toBe(413)
  const body = (await response.json()) as { errors: { message: string }[] }
  expect(body.errors[0]?.message).toBe(`The request body is too large: at most ${size} may be sent here.`)
}

const failedLogins = async (email: string) =>
  (await app.payload.count({ collection: 'audit-logs', where: { action: { equals: 'login-failed' }, actorLabel: { equals: email } }, overrideAccess: true })).totalDocs

const loginAttemptsOf = async (userId: number) =>
  (await app.payload.findByID({ collection: 'users', id: userId, depth: 0, overrideAccess: true, showHiddenFields: true })).loginAttempts ?? 0

describe('which limit a request gets', () => {
  it('should give each route its own limit and everything else the JSON one', () => {
    const limit = (method: string, pathname: string, contentType = 'application/json') => bodyLimitFor({ method, pathname, contentType }).bytes
    const multipart = 'multipart/form-data; boundary=x'
    expect(limit('POST', '/api/users/login')).toBe(JSON_LIMIT)
    expect(limit('PATCH', '/api/courses/4')).toBe(JSON_LIMIT)
    expect(limit('POST', '/api/users', multipart)).toBe(JSON_LIMIT)
    expect(limit('POST', '/admin/collections/courses')).toBe(JSON_LIMIT)
    expect(limit('POST', '/api/graphql')).toBe(GRAPHQL_LIMIT)
    expect(limit('POST', '/api/graphq%6C')).toBe(GRAPHQL_LIMIT)
    expect(limit('POST', '/api/media', multipart)).toBe(2 * MB)
    expect(limit('PATCH', '/api/media/9', multipart)).toBe(2 * MB)
    expect(limit('POST', '/api/media')).toBe(JSON_LIMIT)
    expect(limit('POST', '/api/assignments/7/submit', multipart)).toBe(110 * MB)
    // A JSON hand-in is text only (at most 50,000 characters).
    expect(limit('POST', '/api/assignments/7/submit')).toBe(JSON_LIMIT)
    expect(limit('POST', '/api/courses/3/enrollments/bulk', 'text/csv')).toBe(1_000_000)
    expect(limit('POST', '/api/courses/3/enrollments/bulk', multipart)).toBe(1_000_000)
  })
})

describe('request bodies through the API gate', () => {
  it('should refuse a 30 MB login by its declared length, without reading or parsing it', async () => {
    const { student } = school
    const before = { audits: await failedLogins(student.email), attempts: await loginAttemptsOf(student.id) }
    const huge = JSON.stringify({ email: student.email, password: 'wrong-password', padding: 'x'.repeat(30 * MB) })
    const response = await app.api.post('/api/users/login', { rawBody: huge, headers: { 'content-length': String(Buffer.byteLength(huge)) } })
    await expect413(response, '64 KB')
    // Had Payload parsed it, this wrong password would be a failed login, audited and counted.
    expect({ audits: await failedLogins(student.email), attempts: await loginAttemptsOf(student.id) }).toEqual(before)

    // Not one byte is read of a body whose declared length is over the limit.
    const { stream, read } = endlessBody(new Uint8Array(64 * 1024))
    const declared = await send('POST', '/api/users/login', { body: stream, headers: { 'content-type': 'application/json', 'content-length': String(30 * MB) } })
    await expect413(declared, '64 KB')
    expect(read.bytes).toBe(0)

    // The same wrong password in a small body is parsed: a failed login, audited.
    const small = await app.api.post('/api/users/login', { body: { email: student.email, password: 'wrong-password' } })
    expect(small.status).toBe(401)
    expect(await failedLogins(student.email)).toBe(before.audits + 1)
  })

  it('should refuse a streamed body as soon as it passes the limit, and write nothing', async () => {
    const token = await app.api.tokenOf(school.admin)
    const { stream, read } = endlessBody(new TextEncoder().encode(`{"name":"${'n'.repeat(16_000)}`))
    const response = await send('PATCH', `/api/users/${school.student.id}`, {
      body: stream,
      headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
    })
    await expect413(response, '64 KB')
    // An endless body is refused: only the limit and what was already in flight were read.
    expect(read.bytes).toBeLessThan(JSON_LIMIT + 4 * 16_000)
    expect((await app.payload.findByID({ collection: 'users', id: school.student.id, overrideAccess: true })).name).toBe(school.student.name)

    const padded = JSON.stringify({ name: 'Renamed by a stream', padding: 'p'.repeat(JSON_LIMIT) })
    const finite = await send('PATCH', `/api/users/${school.student.id}`, {
      body: streamedBody(padded),
      headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
    })
    await expect413(finite, '64 KB')
    expect((await app.payload.findByID({ collection: 'users', id: school.student.id, overrideAccess: true })).name).toBe(school.student.name)
  })

  it('should accept bodies under the limit, streamed or not', async () => {
    const token = await app.api.tokenOf(school.admin)
    const streamed = await send('PATCH', `/api/users/${school.otherStudent.id}`, {
      body: streamedBody(JSON.stringify({ name: `Streamed ${'s'.repeat(40_000)}`.slice(0, 100) })),
      headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
    })
    expect(streamed.status).toBe(200)
    const login = await app.api.post('/api/users/login', { body: { email: school.student.email, password: school.student.password } })
    expect(login.status).toBe(200)
  })

  it('should hold GraphQL to its own, smaller limit', async () => {
    const query = `{ Tenants(limit: 1) { totalDocs } } # ${'c'.repeat(GRAPHQL_LIMIT)}`
    const body = JSON.stringify({ query })
    await expect413(await graphqlRequest(body, { 'content-length': String(Buffer.byteLength(body)) }), '16 KB')
    await expect413(await graphqlRequest(streamedBody(body)), '16 KB')
    // Under the GraphQL limit, over nothing: answered.
    const token = await app.api.tokenOf(school.admin)
    const ordinary = await graphqlRequest(JSON.stringify({ query: '{ Tenants(limit: 1) { totalDocs } }' }), { authorization: `JWT ${token}` })
    expect(ordinary.status).toBe(200)
    expect(((await ordinary.json()) as { data: unknown }).data).toEqual({ Tenants: { totalDocs: expect.any(Number) } })
  })

  it('should refuse a media upload over the media limit, and store nothing', async () => {
    const token = await app.api.tokenOf(school.admin)
    const form = (name: string, bytes: Buffer) => {
      const data = new FormData()
      data.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name)
      data.append('_payload', JSON.stringify({ tenant: school.tenant.id, alt: 'probe' }))
      return data
    }
    const huge = await app.api.post('/api/media', { token, form: form(`huge-${id}.png`, Buffer.concat([PNG_1X1, Buffer.alloc(3 * MB)])) })
    await expect413(huge, '2 MB')
    const stored = await app.payload.count({ collection: 'media', where: { originalName: { equals: `huge-${id}.png` } }, overrideAccess: true })
    expect(stored.totalDocs).toBe(0)
    const small = await app.api.post('/api/media', { token, form: form(`small-${id}.png`, PNG_1X1) })
    expect(small.status).toBe(201)
  })

  it('should refuse a bulk enrollment sheet over 1 MB, declared or streamed, and take one under it', async () => {
    const token = await app.api.tokenOf(school.admin)
    const course = await createCourse(app.payload, school.tenant.id)
    const path = `/api/courses/${course.id}/enrollments/bulk`
    const rows = Array.from({ length: 40_000 }, (_, i) => `someone-${i}-${id}@example.com`)
    const sheet = `email\n${rows.join('\n')}\n`
    expect(Buffer.byteLength(sheet)).toBeGreaterThan(1_000_000)
    const headers = { 'content-type': 'text/csv', authorization: `JWT ${token}` }
    await expect413(await send('POST', path, { body: sheet, headers: { ...headers, 'content-length': String(Buffer.byteLength(sheet)) } }), '1 MB')
    await expect413(await send('POST', path, { body: streamedBody(sheet), headers }), '1 MB')
    // Nothing of the refused sheet was applied.
    expect((await app.payload.count({ collection: 'users', where: { email: { like: `-${id}@example.com` } }, overrideAccess: true })).totalDocs).toBe(0)
    const under = await send('POST', path, { body: `email\n${school.otherStudent.email}\n`, headers })
    expect(under.status).toBe(200)
  })
})

describe('request bodies through our HTTP server', () => {
  let server: http.Server
  let port: number
  /** What the handler behind the server (Next, in the app) got to read of each body. */
  const received: number[] = []

  beforeAll(async () => {
    server = createAppServer({
      dev: true,
      // Stands in for Next: reads the whole body, then answers with its size.
      handle: async (req, res) => {
        let size = 0
        try {
          for await (const chunk of req) {
            size += (chunk as Buffer).length
          }
        } catch {
          // The server cut the connection; nothing more to answer.
        }
        received.push(size)
        if (!res.headersSent) {
          res.end(JSON.stringify({ size }))
        }
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  type Answer = { status: number; body: string; continued: boolean }

  /** Sends a body through a real socket; `chunks` are written one by one as long as the server reads them. */
  const post = (path: string, headers: Record<string, string>, chunks: Iterable<Buffer>): Promise<Answer> =>
    new Promise((resolve, reject) => {
      let continued = false
      const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers } })
      request.on('continue', () => {
        continued = true
      })
      request.on('response', (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (text: string) => (body += text))
        response.on('end', () => {
          // Like any client given a final answer early, stop sending.
          request.destroy()
          resolve({ status: response.statusCode ?? 0, body, continued })
        })
        response.on('error', reject)
      })
      // Writing into a connection the server has closed fails; the answer came before.
      request.on('error', () => undefined)
      const iterator = chunks[Symbol.iterator]()
      const writeNext = (): void => {
        for (let next = iterator.next(); !next.done && !request.destroyed; next = iterator.next()) {
          if (!request.write(next.value)) {
            request.once('drain', writeNext)
            return
          }
        }
        if (!request.destroyed) {
          request.end()
        }
      }
      if (headers.expect) {
        request.once('continue', writeNext)
        request.flushHeaders()
      } else {
        writeNext()
      }
    })

  function* endless(chunk: Buffer): Generator<Buffer> {
    for (;;) {
      yield chunk
    }
  }

  it('should cut off an endless streamed body at the socket with 413, before the handler has read past the limit', async () => {
    received.length = 0
    const answer = await post('/api/users/login', {}, endless(Buffer.alloc(16_384, 'x')))
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body)).toEqual({ errors: [{ message: 'The request body is too large: at most 64 KB may be sent here.' }] })
    await expect.poll(() => received.length).toBe(1)
    expect(received[0]).toBeLessThanOrEqual(JSON_LIMIT)
  })

  it('should answer a declared length over the limit without reading the body or calling the handler', async () => {
    received.length = 0
    // The client sends all 30 MB regardless; the answer must still reach it, not a reset.
    const answer = await post('/api/graphql', { 'content-length': String(30 * MB) }, [Buffer.alloc(30 * MB, ' ')])
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).errors[0].message).toMatch(/at most 16 KB/)
    expect(received).toEqual([])
  })

  it('should refuse before 100 Continue, so the client never sends the body', async () => {
    received.length = 0
    const refused = await post('/api/users/login', { expect: '100-continue', 'content-length': String(MB) }, [Buffer.alloc(MB)])
    expect(refused).toMatchObject({ status: 413, continued: false })
    const accepted = await post('/api/users/login', { expect: '100-continue', 'content-length': '2' }, [Buffer.from('{}')])
    expect(accepted).toMatchObject({ status: 200, continued: true, body: JSON.stringify({ size: 2 }) })
    expect(received).toEqual([2])
  })

  it('should pass bodies under the limit to the handler whole, streamed or declared', async () => {
    received.length = 0
    const chunk = Buffer.alloc(16_384, 'y')
    expect((await post('/api/users/login', {}, [chunk, chunk, chunk])).body).toBe(JSON.stringify({ size: 3 * 16_384 }))
    expect((await post('/api/media', { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(MB) }, [Buffer.alloc(MB)])).status).toBe(200)
    expect(received).toEqual([3 * 16_384, MB])
  })
})
