import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { DEMO_PASSWORD, seedDemo } from '@/seed/demoSeed'

import { bootApp, type TestApp } from '../helpers/boot'

let app: TestApp

beforeAll(async () => {
  app = await bootApp()
})

afterAll(() => app.close())

const count = async (collection: 'users' | 'tenants' | 'courses' | 'enrollments') =>
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

    const courses = await count('courses')
    const enrollments = await count('enrollments')
    await seedDemo(app.payload)
    expect({ users: await count('users'), tenants: await count('tenants') }).toEqual(afterFirst)
    expect({ courses: await count('courses'), enrollments: await count('enrollments') }).toEqual({ courses, enrollments })
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

describe('demo catalog', () => {
  it('should publish courses translated into Arabic and Somali, outline included', async () => {
    const read = async (locale: 'ar' | 'so') =>
      (await app.payload.find({ collection: 'courses', where: { slug: { equals: 'intro-programming' } }, locale, depth: 0, overrideAccess: true })).docs
    const ar = await read('ar')
    expect(ar).toHaveLength(2)
    expect(ar[0]).toMatchObject({ title: 'مقدمة في البرمجة', _status: 'published' })
    expect(ar[0]?.sections?.[0]?.lessons?.[0]?.title).toBe('ما هو البرنامج؟')
    const so = await read('so')
    expect(so[0]?.title).toBe('Hordhaca barnaamij-samaynta')
    expect(so[0]?.sections?.[1]?.title).toBe('Socodka go’aannada')
  })

  it('should let visitors find the demo courses by an Arabic or Somali word', async () => {
    const search = async (query: string) =>
      ((await (await app.api.get(`/api/catalog?${query}`, { tenant: 'north' })).json()) as { docs: { slug: string }[] }).docs.map((d) => d.slug)
    expect(await search(`locale=ar&q=${encodeURIComponent('البرمجة')}`)).toEqual(['intro-programming'])
    expect(await search('locale=so&q=caafimaadka')).toEqual(['community-health'])
    const student = await app.api.login('student1@north.test', DEMO_PASSWORD)
    const mine = (await (await app.api.get('/api/enrollments?depth=0', { token: student })).json()) as { docs: { status: string }[] }
    expect(mine.docs.map((e) => e.status)).toEqual(['active'])
  })

  it('should leave a hand-in whose grading completes the course and issues a certificate', async () => {
    const student = await app.api.login('student1@north.test', DEMO_PASSWORD)
    const enrollment = ((await (await app.api.get('/api/enrollments?depth=0', { token: student })).json()) as { docs: { id: number; progress: number }[] }).docs[0]!
    expect(enrollment.progress).toBeGreaterThan(0)
    expect(enrollment.progress).toBeLessThan(100)
    const instructor = await app.api.login('instructor@north.test', DEMO_PASSWORD)
    const waiting = ((await (await app.api.get('/api/submissions?where[status][equals]=submitted&depth=0', { token: instructor })).json()) as { docs: { id: number }[] }).docs
    expect(waiting).toHaveLength(1)
    expect((await app.api.post(`/api/submissions/${waiting[0]!.id}/grade`, { token: instructor, body: { points: 9, release: true } })).status).toBe(200)
    await app.payload.jobs.run({ queue: 'certificates' })
    const certificates = ((await (await app.api.get('/api/certificates?depth=0', { token: student })).json()) as { docs: { enrollment: number; status: string; holderName: string }[] }).docs
    expect(certificates).toEqual([expect.objectContaining({ enrollment: enrollment.id, status: 'valid', holderName: 'North Academy Student One' })])
  })
})
