import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, createSuperAdmin, type School, uniq } from '../helpers/personas'

let app: TestApp
let school: School
let token: string
let adminToken: string
const id = uniq()

type ErrorBody = { errors: { name?: string; message: string; data?: { errors?: { path: string; message: string }[] } }[] }

const validTenant = (suffix: string) => ({
  name: `Bad Input ${suffix}`,
  slug: `bi-${suffix}-${id}`,
  defaultLocale: 'en',
  timezone: 'UTC',
  registration: 'closed',
})

const counts = async () => ({
  tenants: (await app.payload.count({ collection: 'tenants', overrideAccess: true })).totalDocs,
  users: (await app.payload.count({ collection: 'users', overrideAccess: true })).totalDocs,
})

/** Expects a 400 in Payload's error shape naming `path`, and no change in the database. */
const expectRejected = async (send: () => Promise<Response>, path: string | RegExp) => {
  const before = await counts()
  const response = await send()
  expect(response.status).toBe(400)
  const body = (await response.json()) as ErrorBody
  expect(body.errors[0]?.message).toBeTruthy()
  const paths = body.errors.flatMap((e) => e.data?.errors?.map((fe) => fe.path) ?? [])
  expect(paths.some((p) => (typeof path === 'string' ? p === path : path.test(p)))).toBe(true)
  expect(await counts()).toEqual(before)
  return body
}

beforeAll(async () => {
  app = await bootApp()
  school = await createSchool(app.payload, `bi-${id}`)
  await app.payload.update({ collection: 'tenants', id: school.tenant.id, data: { domains: [{ domain: `taken-${id}.example.org` }] }, overrideAccess: true })
  const root = await createSuperAdmin(app.payload, `bi-${id}`)
  token = await app.api.login(root.email, root.password)
  adminToken = await app.api.login(school.admin.email, school.admin.password)
})

afterAll(() => app.close())

describe('bad input', () => {
  it('should answer malformed JSON with 400 and write nothing', async () => {
    const before = await counts()
    const response = await app.api.post('/api/tenants', { token, rawBody: '{"name": "Broken",' })
    expect(response.status).toBe(400)
    expect(((await response.json()) as ErrorBody).errors[0]?.message).toBe('Invalid JSON')
    expect(await counts()).toEqual(before)
  })

  it("should answer malformed JSON in a POST read as a GET (Payload's method override) with 400, and still read a well-formed one", async () => {
    const override = { 'X-HTTP-Method-Override': 'GET' }
    const broken = await app.api.post('/api/tenants', { token, rawBody: '{"where":', headers: override })
    expect(broken.status).toBe(400)
    expect(((await broken.json()) as ErrorBody).errors[0]?.message).toBe('Invalid JSON')
    // Well-formed JSON reaches Payload as it was sent (read twice, it would fail there).
    const read = await app.api.post('/api/tenants', { token, body: { depth: 0 }, headers: { 'X-Payload-HTTP-Method-Override': 'GET' } })
    expect(read.status).toBe(200)
    expect(((await read.json()) as { docs: { id: number }[] }).docs.length).toBeGreaterThan(0)
    // The override's query form, which the gate leaves to Payload, still filters.
    const form = new URLSearchParams({ 'where[slug][equals]': school.tenant.slug, depth: '0' }).toString()
    const filtered = await app.api.post('/api/tenants', { token, rawBody: form, headers: { ...override, 'Content-Type': 'application/x-www-form-urlencoded' } })
    expect(filtered.status).toBe(200)
    expect(((await filtered.json()) as { docs: { id: number }[] }).docs.map((d) => d.id)).toEqual([school.tenant.id])
  })

  it('should refuse a body that is not an object', async () => {
    const response = await app.api.post('/api/tenants', { token, body: ['not', 'an', 'object'] })
    expect(response.status).toBe(400)
  })

  it('should refuse wrong types, naming the field', async () => {
    await expectRejected(() => app.api.post('/api/tenants', { token, body: { ...validTenant('t1'), name: 12345 } }), 'name')
    await expectRejected(() => app.api.post('/api/tenants', { token, body: { ...validTenant('t2'), domains: 'one.example.org' } }), 'domains')
    await expectRejected(() => app.api.post('/api/users', { token: adminToken, body: { name: ['x'], email: `wt-${id}@x.example`, password: 'Passw0rd!x', tenants: [{ tenant: school.tenant.id, roles: ['student'] }] } }), 'name')
    await expectRejected(() => app.api.post('/api/users', { token: adminToken, body: { name: 'Wrong roles', email: `wr-${id}@x.example`, password: 'Passw0rd!x', tenants: [{ tenant: school.tenant.id, roles: 'student' }] } }), 'tenants.0.roles')
  })

  it('should refuse unknown fields, top-level and nested', async () => {
    await expectRejected(() => app.api.post('/api/tenants', { token, body: { ...validTenant('u1'), colour: 'red' } }), 'colour')
    await expectRejected(() => app.api.post('/api/tenants', { token, body: { ...validTenant('u2'), branding: { font: 'Comic Sans' } } }), 'branding.font')
  })

  it('should refuse overlong strings', async () => {
    await expectRejected(() => app.api.post('/api/tenants', { token, body: { ...validTenant('l1'), name: 'x'.repeat(121) } }), 'name')
    await expectRejected(() => app.api.post('/api/tenants', { token, body: { ...validTenant('l2'), slug: 'a'.repeat(64) } }), 'slug')
    await expectRejected(() => app.api.post('/api/users', { token: adminToken, body: { name: 'x'.repeat(121), email: `ol-${id}@x.example`, password: 'Passw0rd!x', tenants: [{ tenant: school.tenant.id, roles: ['student'] }] } }), 'name')
  })

  it('should refuse invalid emails', async () => {
    await expectRejected(() => app.api.post('/api/users', { token: adminToken, body: { name: 'Bad Email', email: 'not-an-email', password: 'Passw0rd!x', tenants: [{ tenant: school.tenant.id, roles: ['student'] }] } }), 'email')
    await expectRejected(() => app.api.post('/api/users', { token: adminToken, body: { name: 'Long Email', email: `${'a'.repeat(250)}@x.example`, password: 'Passw0rd!x', tenants: [{ tenant: school.tenant.id, roles: ['student'] }] } }), 'email')
  })

  it('should refuse a taken slug, email or domain', async () => {
    await expectRejected(() => app.api.post('/api/tenants', { token, body: { ...validTenant('s1'), slug: school.tenant.slug } }), 'slug')
    await expectRejected(() => app.api.post('/api/tenants', { token, body: { ...validTenant('s2'), slug: school.tenant.slug.toUpperCase() } }), 'slug')
    await expectRejected(() => app.api.post('/api/users', { token: adminToken, body: { name: 'Dup', email: school.student.email.toUpperCase(), password: 'Passw0rd!x', tenants: [{ tenant: school.tenant.id, roles: ['student'] }] } }), 'email')
    await expectRejected(() => app.api.post('/api/tenants', { token, body: { ...validTenant('s3'), domains: [{ domain: `TAKEN-${id}.example.org` }] } }), 'domains.0.domain')
  })

  it('should enforce the tenant field rules', async () => {
    for (const slug of ['www', 'api', 'admin', 'has space', '-dash', 'ünï']) {
      await expectRejected(() => app.api.post('/api/tenants', { token, body: { ...validTenant('r'), slug } }), 'slug')
    }
    await expectRejected(() => app.api.post('/api/tenants', { token, body: { ...validTenant('c'), branding: { primaryColor: 'red' } } }), 'branding.primaryColor')
    await expectRejected(() => app.api.post('/api/tenants', { token, body: { ...validTenant('z'), timezone: 'Mars/Olympus' } }), 'timezone')
    await expectRejected(() => app.api.post('/api/tenants', { token, body: { ...validTenant('d'), domains: [{ domain: 'https://x.example.org/path' }] } }), 'domains.0.domain')
    await expectRejected(() => app.api.post('/api/tenants', { token, body: { ...validTenant('o'), defaultLocale: 'fr' } }), 'defaultLocale')
  })

  it('should store a mixed-case slug in lowercase', async () => {
    const response = await app.api.post('/api/tenants', { token, body: { ...validTenant('m'), slug: `Mixed-${id}` } })
    expect(response.status).toBe(201)
    expect(((await response.json()) as { doc: { slug: string } }).doc.slug).toBe(`mixed-${id}`)
  })

  it('should leave a document unchanged when an update is refused', async () => {
    await expectRejected(() => app.api.patch(`/api/tenants/${school.tenant.id}`, { token, body: { name: 'Renamed', timezone: 'Nowhere/Else' } }), 'timezone')
    const tenant = await app.payload.findByID({ collection: 'tenants', id: school.tenant.id, overrideAccess: true })
    expect(tenant.name).toBe(school.tenant.name)
  })
})
