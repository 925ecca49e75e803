import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, type School, uniq } from '../helpers/personas'

// Settings are read once per process: CORS_ORIGINS is set for this whole file, and only here.
const FRONT_END = 'https://front.example'
const SECOND_FRONT_END = 'http://localhost:5173'

let app: TestApp
let school: School
let cookie: string
const id = uniq()

beforeAll(async () => {
  app = await bootApp({ CORS_ORIGINS: `${FRONT_END}, ${SECOND_FRONT_END}` })
  school = await createSchool(app.payload, `cors-${id}`)
  const login = await app.api.post('/api/users/login', { body: { email: school.student.email, password: school.student.password } })
  expect(login.status).toBe(200)
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  expect(cookie).toMatch(/^payload-token=/)
})

afterAll(() => app.close())

/** `GET /api/users/me` with the visitor's cookie, as a page on `origin` would send it. */
const meFrom = async (origin: string) => {
  const response = await app.api.get('/api/users/me', { headers: { origin, cookie } })
  expect(response.status, origin).toBe(200)
  return { response, user: ((await response.json()) as { user: { id: number } | null }).user }
}

describe('CORS_ORIGINS', () => {
  it('should give a listed origin CORS headers with credentials, and honour its cookie', async () => {
    for (const origin of [FRONT_END, SECOND_FRONT_END]) {
      const { response, user } = await meFrom(origin)
      expect(user?.id, origin).toBe(school.student.id)
      expect(response.headers.get('access-control-allow-origin'), origin).toBe(origin)
      expect(response.headers.get('access-control-allow-credentials'), origin).toBe('true')
      expect(response.headers.get('vary'), origin).toMatch(/Origin/)
    }
  })

  it('should answer a listed origin\'s preflight', async () => {
    const response = await app.api.options('/api/users/me', { headers: { origin: FRONT_END, 'access-control-request-method': 'PATCH' } })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONT_END)
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
    expect(response.headers.get('access-control-allow-methods')).toMatch(/PATCH/)
  })

  it('should give an unlisted origin neither CORS headers nor the visitor\'s session', async () => {
    // Near misses of the listed ones too: another scheme, port or host.
    for (const origin of ['https://evil.example', 'http://front.example', 'https://front.example:8443', 'https://front.example.evil.example', 'http://localhost:5174']) {
      const { response, user } = await meFrom(origin)
      expect(user, origin).toBeNull()
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull()
      expect(response.headers.get('access-control-allow-credentials'), origin).toBeNull()
      const preflight = await app.api.options('/api/users/me', { headers: { origin, 'access-control-request-method': 'PATCH' } })
      expect(preflight.headers.get('access-control-allow-origin'), origin).toBeNull()
    }
  })
})
