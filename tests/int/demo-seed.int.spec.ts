import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { DEMO_PASSWORD, seedDemo } from '@/seed/demoSeed'

import { bootApp, type TestApp } from '../helpers/boot'

let app: TestApp

beforeAll(async () => {
  app = await bootApp()
})

afterAll(() => app.close())

const count = async (collection: 'users' | 'tenants') =>
  (await app.payload.count({ collection, overrideAccess: true })).totalDocs

describe('demo seed', () => {
  it('should seed the super-admin and two tenants with four people each, and add nothing twice', async () => {
    const before = { users: await count('users'), tenants: await count('tenants') }
    const accounts = await seedDemo(app.payload)
    expect(accounts.map((a) => a.email)).toEqual([
      'root@aqoon.test',
      ...['north', 'south'].flatMap((slug) =>
        ['admin', 'instructor', 'student1', 'student2'].map((local) => `${local}@${slug}.test`),
      ),
    ])
    const afterFirst = { users: await count('users'), tenants: await count('tenants') }
    expect(afterFirst).toEqual({ users: before.users + 9, tenants: before.tenants + 2 })

    await seedDemo(app.payload)
    expect({ users: await count('users'), tenants: await count('tenants') }).toEqual(afterFirst)
  })

  it('should give each account its role and the demo password', async () => {
    const token = await app.api.login('admin@south.test', DEMO_PASSWORD)
    const me = (await (await app.api.get('/api/users/me', { token })).json()) as { user: { tenants: { roles: string[] }[] } }
    expect(me.user.tenants[0]?.roles).toEqual(['tenant-admin'])
    const root = await app.api.login('root@aqoon.test', DEMO_PASSWORD)
    const tenants = (await (await app.api.get('/api/tenants?limit=100', { token: root })).json()) as { docs: { slug: string }[] }
    expect(tenants.docs.map((t) => t.slug)).toEqual(expect.arrayContaining(['north', 'south']))
  })

  it('should translate the tenants\' display names', async () => {
    const north = await app.payload.find({ collection: 'tenants', where: { slug: { equals: 'north' } }, locale: 'ar', overrideAccess: true })
    expect(north.docs[0]?.branding?.displayName).toBe('أكاديمية الشمال')
    const so = await app.payload.find({ collection: 'tenants', where: { slug: { equals: 'north' } }, locale: 'so', overrideAccess: true })
    expect(so.docs[0]?.branding?.displayName).toBe('Akadeemiyada Waqooyi')
  })
})
