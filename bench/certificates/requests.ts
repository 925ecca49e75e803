import type { BenchRequest } from '../shared/load'
import type { SeededCertificate } from './seed'

/** What a correct answer to a request looks like; checked on a sample before the load. */
export type Expectation = (status: number, body: string) => string | undefined

export type CheckedRequest = BenchRequest & { expect: Expectation }

const json = (body: string): Record<string, unknown> => {
  try {
    return JSON.parse(body) as Record<string, unknown>
  } catch {
    return {}
  }
}

const okWith = (status: number, found: boolean, what: string): string | undefined =>
  status !== 200 ? `answered ${status}` : found ? undefined : `answered 200 without ${what}`

/** `GET /api/certificates/verify/<serial>`: ours, public, no session. */
export const verifyJson = ({ serial }: SeededCertificate): CheckedRequest => ({
  path: `/api/certificates/verify/${serial}`,
  expect: (status, body) => okWith(status, json(body).serial === serial && typeof json(body).valid === 'boolean', `serial ${serial}`),
})

/** `GET /verify/<serial>`: the page a certificate's QR code opens. */
export const verifyPage = ({ serial }: SeededCertificate): CheckedRequest => ({
  path: `/verify/${serial}`,
  headers: { accept: 'text/html' },
  expect: (status, body) => okWith(status, body.includes(serial) && /data-status="(valid|revoked)"/.test(body), `serial ${serial}`),
})

/** `GET /.well-known/jwks.json`: the public key a third party checks credentials with. */
export const jwks = (): CheckedRequest => ({
  path: '/.well-known/jwks.json',
  expect: (status, body) => okWith(status, Array.isArray(json(body).keys), 'keys'),
})

/** Stock Payload REST, the same lookup as a query on the collection, as a super-admin (no one else reads them all). */
export const stockWhere = ({ serial }: SeededCertificate, token: string): CheckedRequest => ({
  path: `/api/certificates?where[serial][equals]=${serial}&depth=0`,
  headers: { authorization: `JWT ${token}` },
  expect: (status, body) => {
    const docs = json(body).docs as { serial?: string }[] | undefined
    return okWith(status, docs?.length === 1 && docs[0]?.serial === serial, `the one document ${serial}`)
  },
})

/** Stock Payload REST by id, as a super-admin. */
export const stockById = ({ id, serial }: SeededCertificate, token: string): CheckedRequest => ({
  path: `/api/certificates/${id}?depth=0`,
  headers: { authorization: `JWT ${token}` },
  expect: (status, body) => okWith(status, json(body).serial === serial, `document ${id}`),
})

/**
 * Asks an evenly spread sample of the requests once before the load: each must answer as
 * expected, or the comparison would be between an answer and an error.
 */
export const check = async (baseUrl: string, requests: CheckedRequest[], sample = 50): Promise<void> => {
  const step = Math.max(1, Math.floor(requests.length / sample))
  for (let i = 0; i < requests.length; i += step) {
    const { path, headers, expect } = requests[i]!
    const response = await fetch(`${baseUrl}${path}`, { headers })
    const body = await response.text()
    const problem = expect(response.status, body)
    if (problem) {
      throw new Error(`${path} ${problem}: ${body.slice(0, 300)}`)
    }
  }
}

/** A fixed shuffle, so consecutive requests ask about unrelated certificates (and pages of the index). */
export const shuffled = <T>(items: T[]): T[] => {
  const out = [...items]
  let state = 0x2545f491
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}
