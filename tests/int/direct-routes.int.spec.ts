import type http from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterAll, expect, it } from 'vitest'

import { plainJson, registerDirectPattern, registerDirectRoute } from '@/shared/directRoutes'

const open: http.Server[] = []

afterAll(async () => {
  await Promise.all(
    open.map(
      (server) =>
        new Promise((resolve) => {
          server.close(resolve)
          server.closeAllConnections()
        }),
    ),
  )
})

/** Our HTTP server on a free port, with Next's turn answering 404 (never reached for a direct route); its origin. */
const serving = async (): Promise<string> => {
  const { createAppServer } = await import('@/server/startServer')
  const server = createAppServer({
    dev: false,
    handle: async (_req, res) => {
      res.writeHead(404).end()
    },
  })
  open.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

it("should pass on a direct route's answer whole: its status, body and every header, each cookie on its own", async () => {
  const path = `/api/direct-test-${process.pid}`
  registerDirectRoute('POST', path, async ({ method, url, body, header }) => {
    const answer = Response.json({ method, url, body, asked: header('x-asked') }, { status: 201, headers: { 'X-Answer': 'yes' } })
    answer.headers.append('Set-Cookie', 'first=1; Path=/; HttpOnly')
    answer.headers.append('Set-Cookie', 'second=2; Path=/; HttpOnly')
    return answer
  })
  const origin = await serving()

  const response = await fetch(`${origin}${path}?q=1`, { method: 'POST', body: 'hello', headers: { 'X-Asked': 'this' } })
  expect(response.status).toBe(201)
  expect(response.headers.get('x-answer')).toBe('yes')
  expect(response.headers.getSetCookie()).toEqual(['first=1; Path=/; HttpOnly', 'second=2; Path=/; HttpOnly'])
  expect(await response.json()).toEqual({ method: 'POST', url: `${origin}${path}?q=1`, body: 'hello', asked: 'this' })
  // Another method on the same path is Next's.
  expect((await fetch(`${origin}${path}`)).status).toBe(404)
})

it('should send a plain answer as it is, and give the route every header of the request when it reads them all', async () => {
  const path = `/api/direct-plain-${process.pid}`
  registerDirectRoute('POST', path, async ({ headers, header, body }) => plainJson(202, { body, asked: header('X-Asked'), all: headers.get('x-asked'), agent: headers.get('user-agent') }, { 'Cache-Control': 'no-store' }))
  const origin = await serving()

  const response = await fetch(`${origin}${path}`, { method: 'POST', body: '{"a":1}', headers: { 'X-Asked': 'that', 'User-Agent': 'direct-test' } })
  expect(response.status).toBe(202)
  expect(response.headers.get('content-type')).toBe('application/json')
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(await response.json()).toEqual({ body: '{"a":1}', asked: 'that', all: 'that', agent: 'direct-test' })
})

it('should answer 500 in the error shape when a route answers what Node cannot send, not leave the request hanging', async () => {
  const path = `/api/direct-bad-${process.pid}`
  registerDirectRoute('POST', path, async () => ({ status: 200, headers: { 'X-Bad': 'one\r\nSet-Cookie: smuggled=1' }, body: '{}' }))
  const origin = await serving()
  const response = await fetch(`${origin}${path}`, { method: 'POST', body: '' })
  expect(response.status).toBe(500)
  expect(response.headers.getSetCookie()).toEqual([])
  expect(await response.json()).toEqual({ errors: [{ message: 'Something went wrong.' }] })
})

it('should answer a route with an id in its path, and pass on server-sent events as they are written', async () => {
  const tag = `direct-stream-${process.pid}`
  let second!: () => void
  const secondMayGo = new Promise<void>((resolve) => (second = resolve))
  const asked: string[] = []
  registerDirectPattern('POST', new RegExp(`^/api/${tag}/(\\d+)/events$`), `/api/${tag}/:id/events`, async ({ url }) => {
    asked.push(new URL(url).pathname)
    const encoder = new TextEncoder()
    const stream = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        controller.enqueue(encoder.encode('event: delta\ndata: {"text":"first"}\n\n'))
        // The rest is written only once the client has read the first event: a buffered answer never gets here.
        await secondMayGo
        controller.enqueue(encoder.encode('event: done\ndata: {}\n\n'))
        controller.close()
      },
    })
    return new Response(stream, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'X-Stream': 'yes' } })
  })
  const origin = await serving()

  const response = await fetch(`${origin}/api/${tag}/42/events`, { method: 'POST', body: '{}' })
  expect(response.status).toBe(200)
  expect(response.headers.get('x-stream')).toBe('yes')
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let read = ''
  while (!read.includes('first')) {
    const { done, value } = await reader.read()
    expect(done).toBe(false)
    read += decoder.decode(value, { stream: true })
  }
  second()
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    read += decoder.decode(chunk.value, { stream: true })
  }
  expect(read).toBe('event: delta\ndata: {"text":"first"}\n\nevent: done\ndata: {}\n\n')
  expect(asked).toEqual([`/api/${tag}/42/events`])
  // A path the pattern does not take, and another method, are Next's.
  expect((await fetch(`${origin}/api/${tag}/abc/events`, { method: 'POST', body: '{}' })).status).toBe(404)
  expect((await fetch(`${origin}/api/${tag}/42/events`)).status).toBe(404)
})

it("should stop a streamed answer's writer when the client leaves", async () => {
  const tag = `direct-leave-${process.pid}`
  let cancelled!: (reason: unknown) => void
  const stopped = new Promise<unknown>((resolve) => (cancelled = resolve))
  registerDirectPattern('POST', new RegExp(`^/api/${tag}/(\\d+)$`), `/api/${tag}/:id`, async () => {
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(new TextEncoder().encode('event: delta\ndata: {"text":"thinking"}\n\n')),
      cancel: (reason) => cancelled(reason ?? 'cancelled'),
    })
    return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } })
  })
  const origin = await serving()
  const leaving = new AbortController()
  const response = await fetch(`${origin}/api/${tag}/7`, { method: 'POST', body: '{}', signal: leaving.signal })
  const reader = response.body!.getReader()
  expect(new TextDecoder().decode((await reader.read()).value)).toContain('thinking')
  leaving.abort()
  // The route's stream is cancelled (a tutor's answer stops there); without it this waits forever.
  expect(await stopped).toBeDefined()
})
