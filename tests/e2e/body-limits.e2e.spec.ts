import { expect, test } from '@playwright/test'
import http from 'node:http'

type Answer = { status: number; body: string }

/**
 * Posts through a real socket. A streamed body (no length) is written chunk after chunk
 * for as long as the server reads it: an endless one ends only when the server refuses it.
 */
const post = (baseURL: string, path: string, body: { declared: number } | { endless: Buffer }): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const url = new URL(path, baseURL)
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if ('declared' in body) {
      headers['content-length'] = String(body.declared)
    }
    const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers })
    request.on('response', (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () => {
        // Like any client given a final answer early, stop sending.
        request.destroy()
        resolve({ status: response.statusCode ?? 0, body: text })
      })
      response.on('error', reject)
    })
    // Writing into a connection the server has closed fails; its answer came first.
    request.on('error', () => undefined)
    if ('declared' in body) {
      request.end(Buffer.alloc(body.declared, ' '))
      return
    }
    const writeMore = (): void => {
      while (!request.destroyed && request.write(body.endless)) {
        // Keep writing until the socket pushes back.
      }
      if (!request.destroyed) {
        request.once('drain', writeMore)
      }
    }
    writeMore()
  })

const message = (answer: Answer): string | undefined => (JSON.parse(answer.body) as { errors?: { message: string }[] }).errors?.[0]?.message

test.describe('request body limits of the running app', () => {
  test('should cut off an endless streamed login with 413 and go on serving', async ({ baseURL, request }) => {
    const refused = await post(baseURL!, '/api/users/login', { endless: Buffer.alloc(64 * 1024, ' ') })
    expect(refused.status).toBe(413)
    expect(message(refused)).toBe('The request body is too large: at most 1 MB may be sent here.')
    expect((await request.get('/api/health')).status()).toBe(200)
  })

  test('should refuse a declared 30 MB login and a declared 300 KB GraphQL body with 413', async ({ baseURL, request }) => {
    const login = await post(baseURL!, '/api/users/login', { declared: 30 * 1_048_576 })
    expect(login.status).toBe(413)
    expect(message(login)).toMatch(/at most 1 MB/)
    const graphql = await post(baseURL!, '/api/graphql', { declared: 300 * 1024 })
    expect(graphql.status).toBe(413)
    expect(message(graphql)).toMatch(/at most 256 KB/)
    // An ordinary login is still read and judged: wrong credentials, not too large.
    const ordinary = await request.post('/api/users/login', { data: { email: 'nobody@example.com', password: 'wrong-password' } })
    expect(ordinary.status()).toBe(401)
  })
})
