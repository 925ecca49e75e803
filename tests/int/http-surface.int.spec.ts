import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { trustedClientIp } from '@/shared/clientIp'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
let cookie: string
const id = uniq()
const PLATFORM = 'http://aqoon.test:3000'

type Me = { user: { id: number } | null }

/** What a browser sends when another site's link or redirect opens one of our addresses. */
const CROSS_SITE_NAVIGATION = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' }

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `http-n-${id}`)
  south = await createSchool(app.payload, `http-s-${id}`)
  await app.payload.update({ collection: 'tenants', id: north.tenant.id, data: { domains: [{ domain: `learn-${id}.example.org` }] }, overrideAccess: true })
  const login = await app.api.post('/api/users/login', { body: { email: north.admin.email, password: north.admin.password } })
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  expect(cookie).toMatch(/^payload-token=/)
})

afterAll(() => app.close())

const meWithCookie = async (headers: Record<string, string>, tenant?: string) =>
  ((await (await app.api.get('/api/users/me', { tenant, headers: { cookie, ...headers } })).json()) as Me).user?.id ?? null

describe('cookie authentication across sites', () => {
  it('should accept the cookie from the platform\'s own origin and from non-browser clients', async () => {
    expect(await meWithCookie({ origin: PLATFORM })).toBe(north.admin.id)
    expect(await meWithCookie({ 'sec-fetch-site': 'same-origin' })).toBe(north.admin.id)
    expect(await meWithCookie({})).toBe(north.admin.id)
  })

  it('should accept it from the tenant\'s own origins when the request is for that tenant', async () => {
    expect(await meWithCookie({ origin: `http://${north.tenant.slug}.aqoon.test:3000` }, north.tenant.slug)).toBe(north.admin.id)
    expect(await meWithCookie({ origin: `http://learn-${id}.example.org` }, north.tenant.slug)).toBe(north.admin.id)
  })

  it('should ignore it from any other site, including another tenant\'s', async () => {
    expect(await meWithCookie({ origin: 'https://evil.example' })).toBeNull()
    expect(await meWithCookie({ origin: `http://${south.tenant.slug}.aqoon.test:3000` }, north.tenant.slug)).toBeNull()
    expect(await meWithCookie({ 'sec-fetch-site': 'cross-site' })).toBeNull()
  })

  it('should honour it on a top-level navigation from another site, as SameSite=Lax sends it', async () => {
    // A sign-in provider redirecting back, or a link followed from a mail or another site.
    expect(await meWithCookie(CROSS_SITE_NAVIGATION)).toBe(north.admin.id)
    expect(await meWithCookie({ ...CROSS_SITE_NAVIGATION, 'sec-fetch-user': '?1' })).toBe(north.admin.id)
  })

  it('should drop it from another site\'s fetches, subresources and frames, and on navigations that write', async () => {
    const crossSite = (mode: string, dest?: string) => ({ 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': mode, ...(dest ? { 'sec-fetch-dest': dest } : {}) })
    expect(await meWithCookie(crossSite('cors', 'empty'))).toBeNull()
    expect(await meWithCookie(crossSite('no-cors', 'image'))).toBeNull()
    expect(await meWithCookie(crossSite('no-cors', 'script'))).toBeNull()
    expect(await meWithCookie(crossSite('navigate', 'iframe'))).toBeNull()
    expect(await meWithCookie(crossSite('navigate'))).toBeNull()
    // An Origin header still decides wherever a browser sends one.
    expect(await meWithCookie({ ...CROSS_SITE_NAVIGATION, origin: 'https://evil.example' })).toBeNull()
    // A form posted from another site navigates too, but it writes: no cookie.
    const refresh = await app.api.post('/api/users/refresh-token', { headers: { cookie, ...CROSS_SITE_NAVIGATION } })
    expect(refresh.status).toBe(403)
    const patch = await app.api.patch(`/api/users/${north.student.id}`, {
      headers: { cookie, ...CROSS_SITE_NAVIGATION },
      body: { name: 'Changed by a form from elsewhere' },
    })
    expect(patch.status).toBe(403)
    const student = await app.payload.findByID({ collection: 'users', id: north.student.id, overrideAccess: true })
    expect(student.name).not.toBe('Changed by a form from elsewhere')
  })

  it('should not let another site change data with the visitor\'s cookie', async () => {
    const response = await app.api.patch(`/api/users/${north.student.id}`, {
      headers: { cookie, origin: 'https://evil.example' },
      body: { name: 'Changed from evil' },
    })
    expect(response.status).toBe(403)
    const student = await app.payload.findByID({ collection: 'users', id: north.student.id, overrideAccess: true })
    expect(student.name).not.toBe('Changed from evil')
  })
})

describe('CORS', () => {
  it('should allow trusted origins with credentials and nobody else', async () => {
    const trusted = await app.api.get('/api/health', { headers: { origin: PLATFORM } })
    expect(trusted.headers.get('access-control-allow-origin')).toBe(PLATFORM)
    expect(trusted.headers.get('access-control-allow-credentials')).toBe('true')
    const evil = await app.api.get('/api/health', { headers: { origin: 'https://evil.example' } })
    expect(evil.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('should answer preflights for the tenant\'s origin only', async () => {
    const { apiRoutes } = await import('@/http/apiRoutes')
    const routes = apiRoutes(Promise.resolve(app.payload.config))
    const preflight = (origin: string) =>
      routes.OPTIONS(
        new Request('http://aqoon.test:3000/api/users/me', {
          method: 'OPTIONS',
          headers: { origin, 'x-tenant': north.tenant.slug, 'access-control-request-method': 'PATCH' },
        }),
        { params: Promise.resolve({ slug: ['users', 'me'] }) },
      )
    const allowed = await preflight(`http://learn-${id}.example.org`)
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/X-Tenant/)
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('GraphQL limits', () => {
  /** The status and answer of a GraphQL call through the app's route, for refusals made before Payload. */
  const graphqlCall = async (query: string, token?: string) => {
    const { apiRoutes } = await import('@/http/apiRoutes')
    const routes = apiRoutes(Promise.resolve(app.payload.config))
    const response = await routes.GRAPHQL(
      new Request('http://aqoon.test:3000/api/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `JWT ${token}` } : {}) },
        body: JSON.stringify({ query }),
      }),
      { params: Promise.resolve({ slug: [] }) },
    )
    return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] } }
  }

  it('should refuse queries nested deeper than the limit, fragments included', async () => {
    const token = await app.api.tokenOf(north.admin)
    const shallow = await app.api.graphql('{ Users { docs { tenants { tenant { name } } } } }', {}, { token })
    expect(shallow.errors).toBeUndefined()
    const nest = (depth: number): string => (depth === 0 ? 'name' : `tenant { branding { logo { tenant { ${nest(depth - 1)} } } } }`)
    const deep = await app.api.graphql(`{ Users { docs { tenants { ${nest(2)} } } } }`, {}, { token })
    expect(deep.errors?.[0]?.message).toBe('Query depth limit of 8 exceeded, found 12.')
    const viaFragment = await app.api.graphql(
      `query { Users { docs { ...T } } } fragment T on User { tenants { ${nest(2)} } }`,
      {},
      { token },
    )
    expect(viaFragment.errors?.[0]?.message).toBe('Query depth limit of 8 exceeded, found 12.')
  })

  it('should not count introspection against the depth limit', async () => {
    const ofType = (depth: number): string => (depth === 0 ? 'name' : `ofType { ${ofType(depth - 1)} }`)
    const introspection = await app.api.graphql(`{ __schema { types { fields { type { ${ofType(7)} } } } } }`)
    expect(introspection.errors).toBeUndefined()
  })

  it('should refuse queries over the complexity budget', async () => {
    const token = await app.api.tokenOf(north.admin)
    // Relationships and uploads cost ten points each: 15 of these cost 525, over the default budget of 500.
    const heavy = Array.from({ length: 15 }, (_, i) => `a${i}: Users { docs { tenants { tenant { branding { logo { tenant { name } } } } } } }`)
    const result = await app.api.graphql(`{ ${heavy.join(' ')} }`, {}, { token })
    expect(result.errors?.[0]?.message).toMatch(/complexity/i)
    const fewer = await app.api.graphql(`{ ${heavy.slice(0, 10).join(' ')} }`, {}, { token })
    expect(fewer.errors).toBeUndefined()
  })

  it('should refuse more aliases than the limit', async () => {
    const token = await app.api.tokenOf(north.admin)
    const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: Tenants(limit: 1) { totalDocs }`).join(' ')} }`
    expect((await app.api.graphql(aliased(15), {}, { token })).errors).toBeUndefined()
    expect((await app.api.graphql(aliased(16), {}, { token })).errors?.map((e) => e.message)).toEqual(['Aliases limit of 15 exceeded, found 16.'])
  })

  it('should refuse more directives than the limit', async () => {
    const token = await app.api.tokenOf(north.admin)
    const directed = (count: number) => `{ Tenants(limit: 1) { docs { ${'... @include(if: true) { name } '.repeat(count)} } } }`
    expect((await app.api.graphql(directed(20), {}, { token })).errors).toBeUndefined()
    expect((await app.api.graphql(directed(21), {}, { token })).errors?.map((e) => e.message)).toEqual(['Directives limit of 20 exceeded, found 21.'])
  })

  it('should refuse a document of more tokens than the limit with 400 before Payload parses it', async () => {
    const token = await app.api.tokenOf(north.admin)
    // 20 tokens around the list, one per slug: 1,980 slugs make 2,000 tokens, the default limit.
    const slugs = (count: number) => Array.from({ length: count }, (_, i) => `"s${i}"`).join(' ')
    const listed = (count: number) => `{ Tenants(where: { slug: { in: [${slugs(count)}] } }) { totalDocs } }`
    const atLimit = await graphqlCall(listed(1980), token)
    expect(atLimit).toEqual({ status: 200, body: { data: { Tenants: { totalDocs: 0 } } } })
    expect(await graphqlCall(listed(1981), token)).toEqual({ status: 400, body: { errors: [{ name: 'ValidationError', message: 'Token limit of 2000 exceeded.' }] } })
    // Refused for its length before anything else is looked at: the field does not even exist.
    const unknownField = `{ Nothing(where: { slug: { in: [${slugs(1990)}] } }) { totalDocs } }`
    expect(await graphqlCall(unknownField)).toEqual({ status: 400, body: { errors: [{ name: 'ValidationError', message: 'Token limit of 2000 exceeded.' }] } })
  })

  it('should refuse introspection in production only', async () => {
    const query = '{ __schema { queryType { name } } }'
    expect((await app.api.graphql(query)).data).toEqual({ __schema: { queryType: { name: 'Query' } } })
    const mode = process.env.NODE_ENV
    try {
      Object.assign(process.env, { NODE_ENV: 'production' })
      expect((await app.api.graphql(query)).errors?.[0]?.message).toMatch(/introspection/i)
    } finally {
      Object.assign(process.env, { NODE_ENV: mode })
    }
  })
})

describe('client IP', () => {
  it('should trust the socket unless proxies are declared, and then only their entries', () => {
    expect(trustedClientIp('10.0.0.5', '6.6.6.6', 0)).toBe('10.0.0.5')
    expect(trustedClientIp('10.0.0.5', undefined, 0)).toBe('10.0.0.5')
    // One proxy: the entry it appended (the last) is the client; earlier ones are the client's own claims.
    expect(trustedClientIp('10.0.0.5', '6.6.6.6, 198.51.100.7', 1)).toBe('198.51.100.7')
    expect(trustedClientIp('10.0.0.5', '6.6.6.6, 198.51.100.7, 10.0.0.9', 2)).toBe('198.51.100.7')
    // Fewer entries than declared proxies: fall back to the socket.
    expect(trustedClientIp('10.0.0.5', '', 1)).toBe('10.0.0.5')
  })
})
