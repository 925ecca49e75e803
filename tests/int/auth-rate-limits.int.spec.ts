import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { freshIp } from '../helpers/api'
import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, type School, uniq } from '../helpers/personas'
import { TEST_ENV } from '../helpers/testEnv'

let app: TestApp
let school: School
const LIMIT = Number(TEST_ENV.RATE_LIMIT_AUTH_MAX)

beforeAll(async () => {
  app = await bootApp()
  school = await createSchool(app.payload, `arl-${uniq()}`)
})

afterAll(() => app.close())

type Attempt = (ip: string, token: string) => Promise<Response | { status: number }>

/** Every auth operation but login: each answers 429 past the limit from one address, and not from another. */
const OPERATIONS: Record<string, Attempt> = {
  unlock: (ip, token) => app.api.post('/api/users/unlock', { ip, token, body: { email: school.student.email } }),
  'reset-password': (ip) => app.api.post('/api/users/reset-password', { ip, body: { token: 'made-up', password: 'New-pass-123' } }),
  'refresh-token': (ip, token) => app.api.post('/api/users/refresh-token', { ip, token }),
  'verify (REST)': (ip) => app.api.post('/api/users/verify/made-up-token', { ip }),
  'verify (link)': (ip) => app.api.get('/api/users/verify-email?token=made-up', { ip }),
  'verify (GraphQL)': async (ip) => {
    const result = await app.api.graphql('mutation { again: verifyEmailUser(token: "made-up") }', {}, { ip })
    return { status: result.errors?.[0]?.message.startsWith('Too many attempts') ? 429 : (result.errors?.[0] as { extensions?: { statusCode?: number } })?.extensions?.statusCode ?? 200 }
  },
  'reset (GraphQL)': async (ip) => {
    const result = await app.api.graphql('mutation { resetPasswordUser(token: "made-up", password: "New-pass-123") { token } }', {}, { ip })
    return { status: (result.errors?.[0] as { extensions?: { statusCode?: number } })?.extensions?.statusCode ?? 200 }
  },
}

/** What each answers within the limit: the made-up tokens are refused for what they are. */
const ANSWER: Record<string, number> = {
  unlock: 200,
  'reset-password': 403,
  'refresh-token': 200,
  'verify (REST)': 403,
  'verify (link)': 400,
  'verify (GraphQL)': 403,
  'reset (GraphQL)': 403,
}

describe('auth operations beside login', () => {
  for (const [name, attempt] of Object.entries(OPERATIONS)) {
    it(`should limit ${name} per address`, async () => {
      const token = await app.api.tokenOf(school.admin)
      const ip = freshIp()
      for (let i = 0; i < LIMIT; i += 1) {
        expect((await attempt(ip, token)).status, `attempt ${i + 1}`).toBe(ANSWER[name])
      }
      const refused = await attempt(ip, token)
      expect(refused.status).toBe(429)
      if (refused instanceof Response) {
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
        expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]?.message).toMatch(/^Too many attempts\. Try again in \d+ seconds\.$/)
      }
      expect((await attempt(freshIp(), token)).status).toBe(ANSWER[name])
    })
  }
})
