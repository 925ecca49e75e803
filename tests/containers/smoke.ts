/**
 * Smoke paths through a running Aqoon (a container, the compose stack, a play-kube pod), over
 * HTTP only, as a client would. Run by .ci/containers:
 *
 *   tsx tests/containers/smoke.ts ready        <url>   liveness and readiness answer 200
 *   tsx tests/containers/smoke.ts certificate  <url>   demo data: grade the hand-in, the worker renders the PDF
 *   tsx tests/containers/smoke.ts upload       <url>   fresh install: first user, a school, an upload scanned by clamd
 *
 * Exits non-zero with the reason on the first step that fails.
 */
import crypto from 'node:crypto'

import { DEMO_PASSWORD } from '@/seed/demoSeed'
import { EICAR } from '@/services/scanner/localClamd'

import { PNG_1X1 } from '../fixtures/files'
import { pdfText } from '../helpers/pdf'

type Doc = { id: number }

const [mode, base = 'http://127.0.0.1:3200'] = process.argv.slice(2)
const step = (line: string) => console.log(`  [smoke] ${line}`)

const fail = (message: string): never => {
  throw new Error(message)
}

const call = async (path: string, init: RequestInit & { token?: string; tenant?: string } = {}): Promise<Response> => {
  const headers = new Headers(init.headers)
  if (init.token) {
    headers.set('authorization', `JWT ${init.token}`)
  }
  if (init.tenant) {
    headers.set('x-tenant', init.tenant)
  }
  if (typeof init.body === 'string') {
    headers.set('content-type', 'application/json')
  }
  return fetch(`${base}${path}`, { ...init, headers, signal: AbortSignal.timeout(60_000) })
}

const expectStatus = async (response: Response, status: number, what: string): Promise<Response> => {
  if (response.status !== status) {
    fail(`${what}: expected ${status}, got ${response.status}: ${(await response.text()).slice(0, 500)}`)
  }
  return response
}

const json = async <T>(response: Response, status: number, what: string): Promise<T> =>
  (await (await expectStatus(response, status, what)).json()) as T

/** Polls until `check` answers something, or fails after `seconds`. */
const waitFor = async <T>(what: string, seconds: number, check: () => Promise<T | undefined>): Promise<T> => {
  const deadline = Date.now() + seconds * 1000
  let last: unknown
  for (;;) {
    try {
      const found = await check()
      if (found !== undefined) {
        return found
      }
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) {
      return fail(`${what}: not within ${seconds} s${last ? ` (${last instanceof Error ? last.message : String(last)})` : ''}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

const ready = async (): Promise<void> => {
  await waitFor('liveness 200', 180, async () => ((await call('/api/health/live')).ok ? true : undefined))
  const checks = await waitFor('readiness 200', 120, async () => {
    const response = await call('/api/health/ready')
    return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined
  })
  step(`live and ready: ${JSON.stringify(checks)}`)
}

const login = async (email: string, password: string): Promise<string> => {
  const { token } = await json<{ token: string }>(
    await call('/api/users/login', { method: 'POST', body: JSON.stringify({ email, password }) }),
    200,
    `login ${email}`,
  )
  step(`logged in as ${email}`)
  return token
}

/** The demo's hand-in (scripts/seed-demo.ts) graded and released: the course completes, the worker issues the certificate. */
const certificate = async (): Promise<void> => {
  await ready()
  const instructor = await login('instructor@north.test', DEMO_PASSWORD)
  const { docs } = await json<{ docs: Doc[] }>(
    await call('/api/submissions?where[status][equals]=submitted&depth=0', { token: instructor, tenant: 'north' }),
    200,
    'the demo hand-in',
  )
  const submission = docs[0] ?? fail('the demo data has no hand-in to grade: did the seed run?')
  await json(
    await call(`/api/submissions/${submission.id}/grade`, { method: 'POST', token: instructor, tenant: 'north', body: JSON.stringify({ points: 9, feedback: 'Well done.', release: true }) }),
    200,
    'grading',
  )
  step(`graded and released submission ${submission.id}`)
  const student = await login('student1@north.test', DEMO_PASSWORD)
  const issued = await waitFor('a valid certificate', 180, async () => {
    const found = await json<{ docs: { serial: string; status: string; file?: { filename: string } | number | null }[] }>(
      await call('/api/certificates?depth=1', { token: student, tenant: 'north' }),
      200,
      'certificates',
    )
    const doc = found.docs.find((one) => one.status === 'valid' && typeof one.file === 'object' && one.file)
    return doc ? { serial: doc.serial, filename: (doc.file as { filename: string }).filename } : undefined
  })
  const response = await expectStatus(await call(`/api/certificate-files/file/${issued.filename}`, { token: student, tenant: 'north' }), 200, 'the certificate PDF')
  const pdf = Buffer.from(await response.arrayBuffer())
  if (!pdf.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
    fail('the certificate file is not a PDF')
  }
  const text = await pdfText(pdf)
  if (!text.includes(issued.serial)) {
    fail(`the certificate PDF does not show its serial ${issued.serial}`)
  }
  step(`certificate ${issued.serial}: a ${pdf.length}-byte PDF rendered by the container's Chromium`)
}

/** A fresh install: the first account becomes super-admin, makes a school and uploads into it. */
const upload = async (): Promise<void> => {
  await ready()
  const email = 'operator@compose.test'
  const password = 'Operator-pass-1'
  const first = await call('/api/users/first-register', { method: 'POST', body: JSON.stringify({ name: 'Operator', email, password }) })
  if (first.status === 200) {
    const { user } = (await first.json()) as { user: { platformRole: string | null } }
    step(`first user registered as ${user.platformRole}`)
  } else {
    step(`first user already registered (${first.status})`)
  }
  const token = await login(email, password)
  const slug = `compose-${crypto.randomBytes(3).toString('hex')}`
  const tenant = await json<{ doc: Doc }>(
    await call('/api/tenants', { method: 'POST', token, body: JSON.stringify({ name: `Compose ${slug}`, slug, defaultLocale: 'en', timezone: 'UTC', registration: 'closed' }) }),
    201,
    'a school',
  )
  step(`school ${slug} created`)
  const form = (name: string, bytes: Buffer) => {
    const body = new FormData()
    body.append('file', new Blob([new Uint8Array(bytes)]), name)
    body.append('_payload', JSON.stringify({ tenant: tenant.doc.id, alt: 'compose smoke' }))
    return body
  }
  const media = await json<{ doc: { url: string; filename: string } }>(
    await call('/api/media', { method: 'POST', token, body: form(`${slug}.png`, PNG_1X1) }),
    201,
    'uploading a PNG',
  )
  const served = await expectStatus(await call(new URL(media.doc.url, base).pathname, { token, tenant: slug }), 200, 'downloading it')
  if (!Buffer.from(await served.arrayBuffer()).equals(PNG_1X1)) {
    fail('the downloaded file differs from the upload')
  }
  step(`uploaded, scanned and read back ${media.doc.filename}`)
  const infected = await call('/api/media', { method: 'POST', token, body: form(`${slug}-infected.png`, Buffer.concat([PNG_1X1, EICAR])) })
  await expectStatus(infected, 422, 'uploading the EICAR test file')
  step('the EICAR test file was refused by clamd (422)')
  console.log(`MEDIA_FILENAME=${media.doc.filename}`)
}

const modes: Record<string, () => Promise<void>> = { ready, certificate, upload }
const run = modes[mode ?? ''] ?? (() => fail(`usage: smoke.ts ${Object.keys(modes).join('|')} <url>`))
try {
  await run()
  process.exit(0)
} catch (error) {
  console.error(`  [smoke] FAILED: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
