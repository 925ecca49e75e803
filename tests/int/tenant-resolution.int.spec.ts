import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, type School, uniq } from '../helpers/personas'

let app: TestApp
let school: School
let suspended: School
const id = uniq()

beforeAll(async () => {
  app = await bootApp()
  school = await createSchool(app.payload, `res-${id}`)
  await app.payload.update({
    collection: 'tenants',
    id: school.tenant.id,
    data: { domains: [{ domain: `learn-${id}.example.org` }] },
    overrideAccess: true,
  })
  suspended = await createSchool(app.payload, `sus-${id}`, { status: 'suspended' })
})

afterAll(() => app.close())

describe('tenant resolution', () => {
  it('should resolve the tenant from the X-Tenant header', async () => {
    const response = await app.api.get('/api/tenants/current', { tenant: school.tenant.slug })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ slug: school.tenant.slug, name: school.tenant.name })
  })

  it('should resolve the tenant from a subdomain of BASE_DOMAIN', async () => {
    const response = await app.api.get('/api/tenants/current', { host: `${school.tenant.slug}.aqoon.test:3000` })
    expect(await response.json()).toMatchObject({ slug: school.tenant.slug })
  })

  it('should resolve the tenant from a custom domain, case-insensitively', async () => {
    const response = await app.api.get('/api/tenants/current', { host: `LEARN-${id}.example.org` })
    expect(await response.json()).toMatchObject({ slug: school.tenant.slug })
  })

  it('should answer 404 with a clear message for an unknown tenant', async () => {
    for (const options of [{ tenant: 'nobody-here' }, { host: 'nobody-here.aqoon.test' }, { host: 'unknown.example.net' }]) {
      const response = await app.api.get('/api/tenants/current', options)
      expect(response.status).toBe(404)
      const body = (await response.json()) as { errors: { message: string }[] }
      expect(body.errors[0]?.message).toMatch(/No school is known by/)
    }
  })

  it('should treat the bare platform host as no tenant', async () => {
    const response = await app.api.get('/api/tenants/current', { host: 'aqoon.test' })
    expect(response.status).toBe(404)
    expect(((await response.json()) as { errors: { message: string }[] }).errors[0]?.message).toMatch(/belongs to no school/)
  })

  it('should serve nothing of a suspended tenant, publicly or to its members', async () => {
    const anonymous = await app.api.get('/api/tenants/current', { tenant: suspended.tenant.slug })
    expect(anonymous.status).toBe(403)
    const login = await app.api.post('/api/users/login', {
      tenant: suspended.tenant.slug,
      body: { email: suspended.admin.email, password: suspended.admin.password },
    })
    expect(login.status).toBe(403)
  })

  it('should refuse login to members of a suspended tenant on the platform host too', async () => {
    const response = await app.api.post('/api/users/login', {
      body: { email: suspended.student.email, password: suspended.student.password },
    })
    expect(response.status).toBe(403)
    expect(((await response.json()) as { errors: { message: string }[] }).errors[0]?.message).toMatch(/suspended/)
  })

  it('should refuse API use with a token issued before the suspension', async () => {
    const active = await createSchool(app.payload, `late-${id}`)
    const token = await app.api.login(active.instructor.email, active.instructor.password)
    expect((await app.api.get('/api/users', { token })).status).toBe(200)
    await app.payload.update({ collection: 'tenants', id: active.tenant.id, data: { status: 'suspended' }, overrideAccess: true })
    const after = await app.api.get('/api/users', { token })
    expect(after.status).toBe(403)
  })
})
