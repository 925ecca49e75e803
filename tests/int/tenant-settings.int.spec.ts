import type { Tenant } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, createSuperAdmin, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let school: School
let root: Persona
const id = uniq()
const DOMAIN = `learn-${id}.example.org`

type Errors = { errors?: { message: string }[] }

const stored = (tenantId = school.tenant.id) => app.payload.findByID({ collection: 'tenants', id: tenantId, depth: 0, overrideAccess: true })

/** What a tenant looks like to the platform: the fields only it may set, and the name. */
const platformFacts = (tenant: Tenant) => ({
  name: tenant.name,
  slug: tenant.slug,
  status: tenant.status,
  domains: (tenant.domains ?? []).map((row) => row.domain),
})

const UPDATE = `mutation ($id: Int!, $data: mutationTenantUpdateInput!) { updateTenant(id: $id, data: $data) { slug status domains { domain } } }`

beforeAll(async () => {
  app = await bootApp()
  school = await createSchool(app.payload, `set-${id}`)
  await app.payload.update({ collection: 'tenants', id: school.tenant.id, data: { domains: [{ domain: DOMAIN }] }, overrideAccess: true })
  root = await createSuperAdmin(app.payload, `set-${id}`)
})

afterAll(() => app.close())

describe('a tenant-admin and their school\'s platform settings', () => {
  it('should refuse a change of slug, domains or status over REST with a 403 naming the field, changing nothing', async () => {
    const token = await app.api.tokenOf(school.admin)
    const before = platformFacts(await stored())
    const attempts: [string, Record<string, unknown>][] = [
      ['slug', { slug: `taken-over-${id}` }],
      ['domains', { domains: [{ domain: `elsewhere-${id}.example.org` }] }],
      ['domains', { domains: [] }],
      ['status', { status: 'suspended' }],
    ]
    for (const [field, change] of attempts) {
      // Alongside an allowed change, which must not be applied either.
      const response = await app.api.patch(`/api/tenants/${school.tenant.id}`, { token, body: { name: `Renamed ${field}`, ...change } })
      expect(response.status, JSON.stringify(change)).toBe(403)
      expect(((await response.json()) as Errors).errors?.[0]?.message).toBe(`Only the platform's operators can change "${field}".`)
      expect(platformFacts(await stored()), JSON.stringify(change)).toEqual(before)
    }
  })

  it('should refuse the same over GraphQL', async () => {
    const token = await app.api.tokenOf(school.admin)
    const before = platformFacts(await stored())
    for (const [field, data] of [
      ['slug', { slug: `gql-${id}` }],
      ['domains', { domains: [{ domain: `gql-${id}.example.org` }] }],
      ['status', { status: 'suspended' }],
    ] as const) {
      const result = await app.api.graphql(UPDATE, { id: school.tenant.id, data }, { token })
      expect(result.errors?.map((e) => e.message), field).toEqual([`Only the platform's operators can change "${field}".`])
      expect(platformFacts(await stored()), field).toEqual(before)
    }
  })

  it('should still save their school\'s other settings, with the platform\'s values sent back unchanged', async () => {
    const token = await app.api.tokenOf(school.admin)
    // As the admin panel sends the form: every field, read-only ones included.
    const current = await stored()
    const response = await app.api.patch(`/api/tenants/${school.tenant.id}`, {
      token,
      body: { name: `School ${id} renamed`, slug: current.slug.toUpperCase(), status: current.status, domains: current.domains, registration: 'open' },
    })
    expect(response.status, await response.clone().text()).toBe(200)
    expect(await stored()).toMatchObject({ name: `School ${id} renamed`, registration: 'open', slug: school.tenant.slug, status: 'active', domains: [expect.objectContaining({ domain: DOMAIN })] })
  })
})

describe('a super-admin and a school\'s platform settings', () => {
  it('should change slug, domains and status over REST and GraphQL', async () => {
    const other = await createSchool(app.payload, `set-o-${id}`)
    const token = await app.api.tokenOf(root)
    const rest = await app.api.patch(`/api/tenants/${other.tenant.id}`, { token, body: { slug: `moved-${id}`, domains: [{ domain: `moved-${id}.example.org` }] } })
    expect(rest.status, await rest.clone().text()).toBe(200)
    expect(platformFacts(await stored(other.tenant.id))).toMatchObject({ slug: `moved-${id}`, domains: [`moved-${id}.example.org`], status: 'active' })

    const gql = await app.api.graphql(UPDATE, { id: other.tenant.id, data: { slug: `moved-again-${id}`, domains: [], status: 'suspended' } }, { token })
    expect(gql.errors).toBeUndefined()
    expect(gql.data?.updateTenant).toEqual({ slug: `moved-again-${id}`, status: 'suspended', domains: [] })
    expect(platformFacts(await stored(other.tenant.id))).toMatchObject({ slug: `moved-again-${id}`, domains: [], status: 'suspended' })
  })
})
