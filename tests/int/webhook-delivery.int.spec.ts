import crypto from 'node:crypto'
import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'

import { parseAllowList } from '@/services/webhooks/allowList'
import { MAX_ATTEMPTS, RETRY_SCHEDULE_SECONDS, retryDelaySeconds } from '@/services/webhooks/backoff'
import { sendWebhook } from '@/services/webhooks/deliver'
import { checkDestination } from '@/services/webhooks/destination'
import type { Lookup } from '@/services/webhooks/destination'
import { newWebhookSecret, signWebhook, webhookHeaders } from '@/services/webhooks/signature'

// The receivers are real HTTP servers on loopback, which deliveries may reach only because
// the allowlist says so; signatures are checked by the standardwebhooks package, not by us.

type Received = { headers: http.IncomingHttpHeaders; body: string; response: http.ServerResponse }

const servers: http.Server[] = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

const readBody = async (request: http.IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const chunk of request) {
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** A server on `host` that records every request and lets `answer` reply (or not). */
const startServer = async (answer: (received: Received) => void, { host = '127.0.0.1', port = 0 } = {}) => {
  const received: Received[] = []
  const server = http.createServer((request, response) => {
    void readBody(request).then((body) => {
      const entry = { headers: request.headers, body, response }
      received.push(entry)
      server.emit('received', entry)
      answer(entry)
    })
  })
  servers.push(server)
  server.listen(port, host)
  await once(server, 'listening')
  const { port: bound } = server.address() as AddressInfo
  return { server, received, port: bound, url: `http://${host}:${bound}/hooks` }
}

/** A receiver that checks each delivery as any Standard Webhooks consumer would. */
const verifyingReceiver = (secret: string) =>
  startServer(({ headers, body, response }) => {
    try {
      const payload: unknown = new Webhook(secret).verify(body, {
        'webhook-id': String(headers['webhook-id']),
        'webhook-timestamp': String(headers['webhook-timestamp']),
        'webhook-signature': String(headers['webhook-signature']),
      })
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ verified: payload }))
    } catch (error) {
      response.writeHead(401).end(error instanceof Error ? error.message : 'unverified')
    }
  })

const loopbackAllowed = parseAllowList('127.0.0.1')
const nowSeconds = () => Math.floor(Date.now() / 1000)
const message = (secrets: string[], body = JSON.stringify({ type: 'enrollment.created', data: { course: 7 } })) => {
  const id = `msg_${crypto.randomUUID()}`
  return { body, headers: webhookHeaders({ id, timestamp: nowSeconds(), body, secrets }) }
}
const answersWith =
  (answers: Record<string, string[]>): Lookup =>
  async (hostname) => {
    const addresses = answers[hostname]
    if (!addresses) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    }
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }

describe('webhook signatures', () => {
  it('should make whsec_ secrets of 32 random bytes', () => {
    const secret = newWebhookSecret()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32)
    expect(newWebhookSecret()).not.toBe(secret)
  })

  it('should sign as the Standard Webhooks test vector and the standardwebhooks package do', () => {
    const vector = { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}' }
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    expect(signWebhook({ ...vector, secrets: [secret] })).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
    const other = newWebhookSecret()
    const body = JSON.stringify({ name: 'Cali Maxamed', note: 'ñ – 学' })
    expect(signWebhook({ id: 'msg_1', timestamp: 1700000000, body, secrets: [other] })).toBe(
      new Webhook(other).sign('msg_1', new Date(1700000000 * 1000), body),
    )
  })

  it('should refuse to sign with no secret or a timestamp in milliseconds', () => {
    expect(() => signWebhook({ id: 'msg_1', timestamp: 1700000000, body: '{}', secrets: [] })).toThrow('at least one secret')
    expect(() => signWebhook({ id: 'msg_1', timestamp: 1700000000.5, body: '{}', secrets: [newWebhookSecret()] })).toThrow(RangeError)
  })

  it('should deliver a request the standardwebhooks package verifies', async () => {
    const secret = newWebhookSecret()
    const receiver = await verifyingReceiver(secret)
    const { body, headers } = message([secret])
    const attempt = await sendWebhook({ url: receiver.url, headers, body, timeoutMs: 5000, allow: loopbackAllowed })
    expect(attempt).toMatchObject({ ok: true, status: 200 })
    expect(JSON.parse(attempt.responseExcerpt ?? '')).toEqual({ verified: JSON.parse(body) })
    expect(receiver.received).toHaveLength(1)
    expect(receiver.received[0]?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Aqoon-Webhooks/1',
      'content-length': String(Buffer.byteLength(body)),
      host: `127.0.0.1:${receiver.port}`,
    })
  })

  it('should verify with either the old or the new secret alone during a rotation', async () => {
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()]
    const { body, headers } = message([oldSecret, newSecret])
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2)
    for (const secret of [oldSecret, newSecret]) {
      const receiver = await verifyingReceiver(secret)
      const attempt = await sendWebhook({ url: receiver.url, headers, body, timeoutMs: 5000, allow: loopbackAllowed })
      expect(attempt).toMatchObject({ ok: true, status: 200 })
    }
  })

  it('should be rejected by the receiver when the body was changed or the secret is wrong', async () => {
    const secret = newWebhookSecret()
    const receiver = await verifyingReceiver(secret)
    const signed = message([secret])
    const tampered = await sendWebhook({
      url: receiver.url,
      headers: signed.headers,
      body: signed.body.replace('7', '8'),
      timeoutMs: 5000,
      allow: loopbackAllowed,
    })
    expect(tampered).toMatchObject({ ok: false, status: 401, responseExcerpt: 'No matching signature found' })
    const wrongSecret = message([newWebhookSecret()])
    const forged = await sendWebhook({ url: receiver.url, ...wrongSecret, timeoutMs: 5000, allow: loopbackAllowed })
    expect(forged).toMatchObject({ ok: false, status: 401, responseExcerpt: 'No matching signature found' })
    expect(receiver.received).toHaveLength(2)
  })
})

const PUBLIC_ONLY = 'webhooks are only delivered to public internet addresses.'

describe('webhook destinations', () => {
  const lookup = answersWith({
    'intranet.school.test': ['10.0.0.5'],
    'metadata.school.test': ['169.254.169.254'],
    'mixed.school.test': ['93.184.215.14', '127.0.0.1'],
    'v6.school.test': ['2606:4700::1111', 'fd12::1'],
  })

  it.each([
    ['not a url', 'This is not a web address; it should look like https://example.com/webhooks.'],
    ['ftp://example.com/hooks', 'A webhook address must start with https:// or http://, not ftp:.'],
    ['file:///etc/passwd', 'A webhook address must start with https:// or http://, not file:.'],
    ['javascript:alert(1)', 'A webhook address must start with https:// or http://, not javascript:.'],
    ['https://user:secret@example.com/', 'A webhook address may not contain a user name or password; receivers check the signature instead.'],
    ['https://user@example.com/', 'A webhook address may not contain a user name or password; receivers check the signature instead.'],
    ['http://localhost:3000/', `localhost is this server itself; ${PUBLIC_ONLY}`],
    ['http://LocalHost./', `localhost is this server itself; ${PUBLIC_ONLY}`],
    ['http://api.localhost/', `api.localhost is this server itself; ${PUBLIC_ONLY}`],
    ['http://127.0.0.1/', `127.0.0.1 is a loopback address (this server itself); ${PUBLIC_ONLY}`],
    ['http://2130706433/', `127.0.0.1 is a loopback address (this server itself); ${PUBLIC_ONLY}`],
    ['http://0x7f.1/', `127.0.0.1 is a loopback address (this server itself); ${PUBLIC_ONLY}`],
    ['http://0177.0.0.1/', `127.0.0.1 is a loopback address (this server itself); ${PUBLIC_ONLY}`],
    ['http://127.1:8080/', `127.0.0.1 is a loopback address (this server itself); ${PUBLIC_ONLY}`],
    ['http://[::1]/', `::1 is a loopback address (this server itself); ${PUBLIC_ONLY}`],
    ['http://[::ffff:127.0.0.1]/', `::ffff:7f00:1 is a loopback address (this server itself); ${PUBLIC_ONLY}`],
    ['http://[0:0:0:0:0:ffff:7f00:1]/', `::ffff:7f00:1 is a loopback address (this server itself); ${PUBLIC_ONLY}`],
    ['http://[64:ff9b::127.0.0.1]/', `64:ff9b::7f00:1 is a loopback address (this server itself); ${PUBLIC_ONLY}`],
    ['http://10.0.0.1/', `10.0.0.1 is a private network address; ${PUBLIC_ONLY}`],
    ['http://172.16.5.4/', `172.16.5.4 is a private network address; ${PUBLIC_ONLY}`],
    ['http://192.168.1.1/', `192.168.1.1 is a private network address; ${PUBLIC_ONLY}`],
    ['http://[::ffff:192.168.1.1]/', `::ffff:c0a8:101 is a private network address; ${PUBLIC_ONLY}`],
    ['http://[64:ff9b::10.1.1.1]/', `64:ff9b::a01:101 is a private network address; ${PUBLIC_ONLY}`],
    ['http://[fd12:3456::1]/', `fd12:3456::1 is a private network address; ${PUBLIC_ONLY}`],
    ['http://[fec0::1]/', `fec0::1 is a private network address; ${PUBLIC_ONLY}`],
    ['http://100.64.0.1/', `100.64.0.1 is a carrier-grade NAT address (inside a provider's network); ${PUBLIC_ONLY}`],
    ['http://169.254.10.1/', `169.254.10.1 is a link-local address; ${PUBLIC_ONLY}`],
    ['http://[fe80::1]/', `fe80::1 is a link-local address; ${PUBLIC_ONLY}`],
    ['http://169.254.169.254/latest/meta-data/', `169.254.169.254 is a cloud metadata service; ${PUBLIC_ONLY}`],
    ['http://[::ffff:169.254.169.254]/', `::ffff:a9fe:a9fe is a cloud metadata service; ${PUBLIC_ONLY}`],
    ['http://[fd00:ec2::254]/', `fd00:ec2::254 is a cloud metadata service; ${PUBLIC_ONLY}`],
    ['http://100.100.100.200/', `100.100.100.200 is a cloud metadata service; ${PUBLIC_ONLY}`],
    ['http://0/', `0.0.0.0 is the unspecified address; ${PUBLIC_ONLY}`],
    ['http://[::]/', `:: is the unspecified address; ${PUBLIC_ONLY}`],
    ['http://224.0.0.1/', `224.0.0.1 is a multicast address; ${PUBLIC_ONLY}`],
    ['http://[ff02::1]/', `ff02::1 is a multicast address; ${PUBLIC_ONLY}`],
    ['http://255.255.255.255/', `255.255.255.255 is the broadcast address; ${PUBLIC_ONLY}`],
    ['http://192.0.2.10/', `192.0.2.10 is a reserved or documentation address; ${PUBLIC_ONLY}`],
    ['http://240.0.0.1/', `240.0.0.1 is a reserved or documentation address; ${PUBLIC_ONLY}`],
    ['http://[2001:db8::1]/', `2001:db8::1 is a reserved or documentation address; ${PUBLIC_ONLY}`],
    ['http://[::127.0.0.1]/', `::7f00:1 is a special-purpose address; ${PUBLIC_ONLY}`],
    ['http://[2002:7f00:1::]/', `2002:7f00:1:: is a special-purpose address; ${PUBLIC_ONLY}`],
    ['http://[64:ff9b:1::a00:1]/', `64:ff9b:1::a00:1 is a special-purpose address; ${PUBLIC_ONLY}`],
    ['https://intranet.school.test/hooks', `intranet.school.test resolves to 10.0.0.5, a private network address; ${PUBLIC_ONLY}`],
    ['https://metadata.school.test/', `metadata.school.test resolves to 169.254.169.254, a cloud metadata service; ${PUBLIC_ONLY}`],
    ['https://mixed.school.test/', `mixed.school.test resolves to 127.0.0.1, a loopback address (this server itself); ${PUBLIC_ONLY}`],
    ['https://v6.school.test/', `v6.school.test resolves to fd12::1, a private network address; ${PUBLIC_ONLY}`],
    ['https://missing.school.test/', 'missing.school.test could not be found in DNS; check the address for typing mistakes.'],
  ])('should refuse %s', async (url, reason) => {
    expect(await checkDestination(url, { lookup })).toEqual({ ok: false, reason })
  })

  it('should accept public addresses and hand back every address that was checked', async () => {
    const byName = await checkDestination('https://Hooks.Example.test:8443/in?x=1', {
      lookup: answersWith({ 'hooks.example.test': ['93.184.215.14', '2606:4700::1111'] }),
    })
    expect(byName).toMatchObject({
      ok: true,
      addresses: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:4700::1111', family: 6 },
      ],
    })
    expect(byName.ok && byName.url.href).toBe('https://hooks.example.test:8443/in?x=1')
    expect(await checkDestination('http://8.8.8.8/', { lookup })).toMatchObject({ ok: true, addresses: [{ address: '8.8.8.8', family: 4 }] })
    expect(await checkDestination('http://[::ffff:8.8.8.8]/', { lookup })).toMatchObject({ ok: true })
  })

  it('should let the allowlist through by CIDR or exact host name, never to metadata', async () => {
    const allow = parseAllowList(' 127.0.0.0/8 , Hooks.School.Test., 169.254.0.0/16,fd00::/8 ')
    const named = answersWith({ 'hooks.school.test': ['10.1.2.3'], 'other.school.test': ['10.1.2.3'], 'v6.school.test': ['fd12::1'] })
    expect(await checkDestination('http://127.0.0.1:8080/', { allow })).toMatchObject({ ok: true, addresses: [{ address: '127.0.0.1' }] })
    expect(await checkDestination('http://[::ffff:127.0.0.1]/', { allow })).toMatchObject({ ok: true })
    expect(await checkDestination('http://hooks.school.test/', { allow, lookup: named })).toMatchObject({ ok: true })
    expect(await checkDestination('http://v6.school.test/', { allow, lookup: named })).toMatchObject({ ok: true })
    expect(await checkDestination('http://169.254.1.1/', { allow })).toMatchObject({ ok: true })
    expect(await checkDestination('http://other.school.test/', { allow, lookup: named })).toEqual({
      ok: false,
      reason: `other.school.test resolves to 10.1.2.3, a private network address; ${PUBLIC_ONLY}`,
    })
    expect(await checkDestination('http://169.254.169.254/', { allow })).toEqual({
      ok: false,
      reason: `169.254.169.254 is a cloud metadata service; ${PUBLIC_ONLY}`,
    })
    const single = parseAllowList('127.0.0.1')
    expect(await checkDestination('http://127.0.0.1/', { allow: single })).toMatchObject({ ok: true })
    expect(await checkDestination('http://127.0.0.2/', { allow: single })).toMatchObject({ ok: false })
  })

  it('should read an empty allowlist and refuse entries that are not hosts, addresses or ranges', () => {
    expect(parseAllowList(undefined)).toEqual({ hosts: new Set(), ranges: [] })
    expect(parseAllowList(' , ')).toEqual({ hosts: new Set(), ranges: [] })
    expect(() => parseAllowList('hooks.school.test, not a host')).toThrow('"not a host" is neither a host name')
    expect(() => parseAllowList('10.0.0.0/33')).toThrow('"10.0.0.0/33" is neither')
    expect(() => parseAllowList('https://hooks.school.test')).toThrow('is neither')
  })
})

describe('webhook delivery', () => {
  const ok204 = ({ response }: Received) => response.writeHead(204).end()

  it('should connect only to the address that was checked, whatever DNS answers later', async () => {
    const checked = await startServer(ok204)
    const rebound = await startServer(ok204, { host: '127.0.0.2', port: checked.port })
    const answers = ['127.0.0.1', '127.0.0.2']
    let lookups = 0
    const rebinding: Lookup = async () => [{ address: answers[Math.min(lookups++, 1)]!, family: 4 }]
    const { body, headers } = message([newWebhookSecret()])
    const attempt = await sendWebhook({
      url: `http://rebind.school.test:${checked.port}/hooks`,
      headers,
      body,
      timeoutMs: 5000,
      allow: parseAllowList('127.0.0.1'),
      lookup: rebinding,
    })
    expect(attempt).toMatchObject({ ok: true, status: 204 })
    expect(lookups).toBe(1)
    expect(checked.received).toHaveLength(1)
    expect(checked.received[0]?.headers.host).toBe(`rebind.school.test:${checked.port}`)
    expect(rebound.received).toHaveLength(0)
  })

  it('should send nothing when any address of the name is private', async () => {
    const receiver = await startServer(ok204)
    const { body, headers } = message([newWebhookSecret()])
    const lookup = answersWith({ 'mixed.school.test': ['93.184.215.14', '127.0.0.1'], 'inside.school.test': ['127.0.0.1'] })
    for (const name of ['mixed.school.test', 'inside.school.test']) {
      const attempt = await sendWebhook({ url: `http://${name}:${receiver.port}/`, headers, body, timeoutMs: 5000, allow: parseAllowList(''), lookup })
      expect(attempt).toMatchObject({ ok: false, error: `${name} resolves to 127.0.0.1, a loopback address (this server itself); ${PUBLIC_ONLY}` })
      expect(attempt.status).toBeUndefined()
    }
    expect(receiver.received).toHaveLength(0)
  })

  it('should report a redirect as a failed attempt and not follow it', async () => {
    const target = await startServer(ok204)
    const redirecting = await startServer(({ response }) => response.writeHead(302, { location: target.url }).end('moved'))
    const { body, headers } = message([newWebhookSecret()])
    const attempt = await sendWebhook({ url: redirecting.url, headers, body, timeoutMs: 5000, allow: loopbackAllowed })
    expect(attempt).toMatchObject({
      ok: false,
      status: 302,
      responseExcerpt: 'moved',
      error: `The receiver redirected to ${target.url}; webhooks do not follow redirects, so register the final address.`,
    })
    expect(redirecting.received).toHaveLength(1)
    expect(target.received).toHaveLength(0)
  })

  it('should report error statuses and refused connections without throwing', async () => {
    const failing = await startServer(({ response }) => response.writeHead(503).end('down for maintenance'))
    const { body, headers } = message([newWebhookSecret()])
    const send = (url: string) => sendWebhook({ url, headers, body, timeoutMs: 5000, allow: loopbackAllowed })
    expect(await send(failing.url)).toMatchObject({ ok: false, status: 503, responseExcerpt: 'down for maintenance' })
    const closed = await startServer(ok204)
    await new Promise((resolve) => closed.server.close(resolve))
    const refused = await send(closed.url)
    expect(refused.ok).toBe(false)
    expect(refused.error).toContain('ECONNREFUSED')
    expect(await send('ftp://example.com/')).toMatchObject({ ok: false, error: 'A webhook address must start with https:// or http://, not ftp:.' })
  })

  it('should cut off a receiver that never answers at the timeout', async () => {
    const silent = await startServer(() => undefined)
    const { body, headers } = message([newWebhookSecret()])
    const arrived = once(silent.server, 'received')
    const attempt = sendWebhook({ url: silent.url, headers, body, timeoutMs: 300, allow: loopbackAllowed })
    const [{ response }] = (await arrived) as [Received]
    const hungUp = once(response, 'close')
    const outcome = await attempt
    expect(outcome).toMatchObject({ ok: false, error: 'No answer within 300 ms.' })
    expect(outcome.status).toBeUndefined()
    expect(outcome.durationMs).toBeGreaterThanOrEqual(295)
    expect(outcome.durationMs).toBeLessThan(5000)
    await hungUp
    expect(response.writableEnded).toBe(false)
  })

  it('should keep the first 1,000 characters and hang up on an answer that never ends', async () => {
    const endless = 'abcdefghij'.repeat(1000)
    const streaming = await startServer(({ response }) => {
      response.writeHead(200, { 'content-type': 'text/plain' })
      response.write(endless)
    })
    const { body, headers } = message([newWebhookSecret()])
    const arrived = once(streaming.server, 'received')
    const attempt = sendWebhook({ url: streaming.url, headers, body, timeoutMs: 10_000, allow: loopbackAllowed })
    const [{ response }] = (await arrived) as [Received]
    const hungUp = once(response, 'close')
    const outcome = await attempt
    expect(outcome).toMatchObject({ ok: true, status: 200, responseExcerpt: endless.slice(0, 1000) })
    expect(outcome.responseExcerpt).toHaveLength(1000)
    expect(outcome.error).toBeUndefined()
    expect(outcome.durationMs).toBeLessThan(10_000)
    await hungUp
  })
})

describe('webhook retry schedule', () => {
  const DAY = 24 * 3600

  it('should spread its retries over about three days, then stop', () => {
    const total = RETRY_SCHEDULE_SECONDS.reduce((sum, delay) => sum + delay, 0)
    expect(total).toBeGreaterThan(2.5 * DAY)
    expect(total).toBeLessThan(3.5 * DAY)
    expect([...RETRY_SCHEDULE_SECONDS].sort((a, b) => a - b)).toEqual(RETRY_SCHEDULE_SECONDS)
    expect(MAX_ATTEMPTS).toBe(RETRY_SCHEDULE_SECONDS.length + 1)
    expect(retryDelaySeconds(1, () => 0.5)).toBe(5)
    expect(retryDelaySeconds(MAX_ATTEMPTS - 1, () => 0.5)).toBe(RETRY_SCHEDULE_SECONDS.at(-1))
    expect(retryDelaySeconds(MAX_ATTEMPTS)).toBeNull()
    expect(() => retryDelaySeconds(0)).toThrow(RangeError)
  })

  it('should keep its jitter within 20 % either way', () => {
    const almostOne = () => 1 - Number.EPSILON
    RETRY_SCHEDULE_SECONDS.forEach((base, index) => {
      const low = retryDelaySeconds(index + 1, () => 0)
      const high = retryDelaySeconds(index + 1, almostOne)
      expect(low).toBe(Math.round(base * 0.8))
      expect(high).toBe(Math.round(base * 1.2))
    })
    expect(retryDelaySeconds(9, () => 0)).toBe(69_120)
    expect(retryDelaySeconds(9, almostOne)).toBe(103_680)
    const spread = new Set(Array.from({ length: 50 }, () => retryDelaySeconds(4)))
    expect(spread.size).toBeGreaterThan(1)
    for (const delay of spread) {
      expect(delay).toBeGreaterThanOrEqual(5760)
      expect(delay).toBeLessThanOrEqual(8640)
    }
  })
})
