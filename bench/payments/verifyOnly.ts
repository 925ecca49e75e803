/**
 * The webhook's ceiling: a node:http server, in a process of its own as the app's server is,
 * that does what no Stripe endpoint can skip and nothing else: reads the raw body, checks its
 * Stripe-Signature with the SDK's `Stripe.webhooks.constructEvent` (HMAC-SHA256, timestamp
 * tolerance, JSON parse), remembers the event id in memory and answers 200 with whether it
 * was a repeat. No database, no Next, no Payload. Usage: verifyOnly.ts <port> <webhook secret>;
 * tells its parent `ready` over IPC once listening.
 */
import http from 'node:http'
import Stripe from 'stripe'

const [port, secret] = process.argv.slice(2)
if (!port || !secret) {
  throw new Error('usage: verifyOnly.ts <port> <webhook secret>')
}

const seen = new Set<string>()

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    const signature = req.headers['stripe-signature']
    let status = 200
    let answer: Record<string, unknown>
    try {
      const event = Stripe.webhooks.constructEvent(Buffer.concat(chunks).toString('utf8'), typeof signature === 'string' ? signature : '', secret)
      const duplicate = seen.has(event.id)
      seen.add(event.id)
      answer = { received: true, duplicate }
    } catch {
      status = 400
      answer = { errors: [{ message: 'The Stripe signature does not match this body (or it is too old).' }] }
    }
    const body = JSON.stringify(answer)
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) })
    res.end(body)
  })
})

server.listen(Number(port), '127.0.0.1', () => process.send?.('ready'))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
// Gone with its parent, whatever became of it.
process.on('disconnect', () => process.exit(0))
