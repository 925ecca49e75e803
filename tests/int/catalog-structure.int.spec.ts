import type { Category } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
let adminToken: string
const id = uniq()

type ErrorBody = { errors: { data?: { errors?: { path: string; message: string }[] } }[] }

const createCategory = (body: Record<string, unknown>, token = adminToken) =>
  app.api.post('/api/categories', { token, body: { tenant: north.tenant.id, ...body } })

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `cat-n-${id}`)
  south = await createSchool(app.payload, `cat-s-${id}`)
  adminToken = await app.api.login(north.admin.email, north.admin.password)
})

afterAll(() => app.close())

describe('categories and tags', () => {
  it('should nest categories and translate their names', async () => {
    const science = (await (await createCategory({ name: 'Science', slug: 'science' })).json()) as { doc: Category }
    const physics = await createCategory({ name: 'Physics', slug: 'physics', parent: science.doc.id })
    expect(physics.status).toBe(201)
    const physicsId = ((await physics.json()) as { doc: Category }).doc.id
    await app.api.patch(`/api/categories/${physicsId}?locale=ar`, { token: adminToken, body: { name: 'الفيزياء' } })
    const read = async (locale: string) =>
      ((await (await app.api.get(`/api/categories/${physicsId}?locale=${locale}&depth=0`, { token: adminToken })).json()) as Category).name
    expect(await read('ar')).toBe('الفيزياء')
    expect(await read('en')).toBe('Physics')
  })

  it('should keep slugs unique within a school, not across schools', async () => {
    const again = await createCategory({ name: 'Science again', slug: 'Science' })
    expect(again.status).toBe(400)
    expect(((await again.json()) as ErrorBody).errors[0]?.data?.errors?.[0]?.path).toBe('slug')
    const southToken = await app.api.login(south.admin.email, south.admin.password)
    const elsewhere = await app.api.post('/api/categories', { token: southToken, body: { tenant: south.tenant.id, name: 'Science', slug: 'science' } })
    expect(elsewhere.status).toBe(201)
    expect((await createCategory({ name: 'Bad slug', slug: 'Not a slug!' })).status).toBe(400)
  })

  it('should refuse a parent from another school, and cycles', async () => {
    const foreign = await app.payload.create({ collection: 'categories', data: { tenant: south.tenant.id, name: 'Foreign', slug: `foreign-${id}` }, overrideAccess: true })
    const crossing = await createCategory({ name: 'Crossing', slug: 'crossing', parent: foreign.id })
    expect(crossing.status).toBe(400)

    const top = ((await (await createCategory({ name: 'Top', slug: 'top' })).json()) as { doc: Category }).doc
    const middle = ((await (await createCategory({ name: 'Middle', slug: 'middle', parent: top.id })).json()) as { doc: Category }).doc
    const cycle = await app.api.patch(`/api/categories/${top.id}`, { token: adminToken, body: { parent: middle.id } })
    expect(cycle.status).toBe(400)
    expect(((await cycle.json()) as ErrorBody).errors[0]?.data?.errors?.[0]?.message).toMatch(/inside itself/)
    expect((await app.api.patch(`/api/categories/${top.id}`, { token: adminToken, body: { parent: top.id } })).status).toBe(400)
  })

  it('should show a school\'s catalog structure to visitors of that school only', async () => {
    await app.payload.create({ collection: 'tags', data: { tenant: north.tenant.id, name: 'Beginner', slug: 'beginner' }, overrideAccess: true })
    const visitor = await app.api.get('/api/tags?limit=100&depth=0', { tenant: north.tenant.slug })
    expect(visitor.status).toBe(200)
    const tenants = ((await visitor.json()) as { docs: { tenant: number }[] }).docs.map((d) => d.tenant)
    expect(tenants.length).toBeGreaterThan(0)
    expect(tenants.every((t) => t === north.tenant.id)).toBe(true)
    expect((await app.api.get('/api/tags')).status).toBe(403)
  })

  it('should let staff manage entries of their own school only', async () => {
    const instructorToken = await app.api.login(north.instructor.email, north.instructor.password)
    expect((await app.api.post('/api/tags', { token: instructorToken, body: { tenant: north.tenant.id, name: 'Lab', slug: 'lab' } })).status).toBe(201)
    expect((await createCategory({ name: 'By instructor', slug: 'by-instructor' }, instructorToken)).status).toBe(403)
    const studentToken = await app.api.login(north.student.email, north.student.password)
    expect((await app.api.post('/api/tags', { token: studentToken, body: { tenant: north.tenant.id, name: 'Mine', slug: 'mine' } })).status).toBe(403)
    expect((await app.api.post('/api/tags', { token: adminToken, body: { tenant: south.tenant.id, name: 'Theirs', slug: 'theirs' } })).status).toBe(403)
  })
})
