/**
 * The receiver's ceiling, in a process of its own as the worker is: the same signed bodies
 * POSTed by a plain loop, `concurrency` at a time, with nothing else to do (no database, no
 * claims, no attempt log). Two ways of connecting:
 *
 * - `keep-alive`: node:http with a keep-alive agent, `concurrency` connections reused;
 * - `new-connection`: node:http with `agent: false`, a connection per request, as the app's
 *   sender (src/services/webhooks/deliver.ts) connects.
 *
 * The same client both ways (Node's fetch costs more per request than node:http here), so the
 * difference between the two is the connection alone.
 *
 * Reads its messages from the JSON file named by its first argument and writes its result
 * as JSON to the second.
 */
import fs from 'node:fs'
import http from 'node:http'
import { performance } from 'node:perf_hooks'

import { webhookHeaders } from '@/services/webhooks/signature'

export type CeilingMode = 'keep-alive' | 'new-connection'
export type CeilingInput = { mode: CeilingMode; concurrency: number; messages: { url: string; id: string; body: string; secret: string }[] }
export type CeilingResult = { mode: CeilingMode; sent: number; failed: number; seconds: number; perSecond: number }

const [input, output] = process.argv.slice(2)
if (!input || !output) {
  throw new Error('usage: ceiling.ts <input.json> <result.json>')
}
const { mode, concurrency, messages } = JSON.parse(fs.readFileSync(input, 'utf8')) as CeilingInput

const agent = mode === 'keep-alive' ? new http.Agent({ keepAlive: true, maxSockets: concurrency }) : false

const post = (url: string, headers: Record<string, string>, body: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent }, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode ?? 0))
    })
    request.on('error', reject)
    request.end(body)
  })

let next = 0
let failed = 0
const lane = async () => {
  while (next < messages.length) {
    const message = messages[next++]!
    // Signed at send time, as the app's sender signs each attempt.
    const headers = webhookHeaders({ id: message.id, timestamp: Math.floor(Date.now() / 1000), body: message.body, secrets: [message.secret] })
    const status = await post(message.url, headers, message.body).catch(() => 0)
    if (status !== 200) {
      failed++
    }
  }
}
const started = performance.now()
await Promise.all(Array.from({ length: concurrency }, lane))
const seconds = (performance.now() - started) / 1000
const result: CeilingResult = { mode, sent: messages.length, failed, seconds: Math.round(seconds * 100) / 100, perSecond: Math.round(messages.length / seconds) }
fs.writeFileSync(output, JSON.stringify(result))
process.exit(0)
