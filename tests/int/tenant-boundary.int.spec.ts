import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { PNG_1X1 } from '../fixtures/files'
import { bootApp, type TestApp } from '../helpers/boot'
import { type Clamd, startClamd } from '../helpers/clamd'
import { createCourse } from '../helpers/courses'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let clamd: Clamd
let north: School
let south: School
/** An instructor in north who is only a student in south. */
let bridge: Persona
let southMedia: number
let southCategory: number
const id = uniq()

type ErrorBody = { errors: { name?: string; message: string; data?: { errors?: { path: string; message: string }[] } }[] }

const fieldErrors = async (response: Response) => ((await response.json()) as ErrorBody).errors.flatMap((e) => e.data?.errors ?? [])

const tenantCookie = (tenantId: number) => ({ cookie: `payload-tenant=${tenantId}` })

const countCourses = async (title: string) =>
  (await app.payload.count({ collection: 'courses', where: { 'title': { equals: title } }, overrideAccess: true })).totalDocs

const makeMedia = (tenantId: number) =>
  app.payload.create({
    collection: 'media',
    data: { tenant: tenantId, alt: 'private' },
    file: { data: PNG_1X1, mimetype: 'image/png', name: `p-${uniq()}.png`, size: PNG_1X1.length },
    overrideAccess: true,
  })

beforeAll(async () => {
  clamd = await startClamd()
  app = await bootApp({ CLAMD_PORT: String(clamd.port) })
  north = await createSchool(app.payload, `tb-n-${id}`)
  south = await createSchool(app.payload, `tb-s-${id}`)
  bridge = await createPerson(app.payload, {
    email: `bridge-${id}@tb.example`,
    tenants: [
      { tenant: north.tenant.id, roles: ['instructor'] },
      { tenant: south.tenant.id, roles: ['student'] },
    ],
  })
  southMedia = (await makeMedia(south.tenant.id)).id
  southCategory = (await app.payload.create({ collection: 'categories', data: { name: 'South only', slug: `so-${id}`, tenant: south.tenant.id }, overrideAccess: true })).id
})

afterAll(async () => {
  await app.close()
  await clamd.stop()
})

describe('tenant assignment', () => {
  it('should not let a member create where they hold no creating role, by body or by tenant cookie', async () => {
    const token = await app.api.tokenOf(bridge)
    const title = `Smuggled ${id}`
    const course = { title, slug: `smuggled-${uniq()}`, language: 'en', _status: 'published' }
    const byBody = await app.api.post('/api/courses', { token, body: { ...course, tenant: south.tenant.id } })
    expect(byBody.status).toBe(403)
    const byCookie = await app.api.post('/api/courses', { token, headers: tenantCookie(south.tenant.id), body: course })
    expect(byCookie.status).toBe(403)
    expect(((await byCookie.json()) as ErrorBody).errors[0]?.message).toBe('You cannot create this in that school.')
    const tag = await app.api.post('/api/tags', { token, headers: tenantCookie(south.tenant.id), body: { name: 'x', slug: `x-${uniq()}` } })
    expect(tag.status).toBe(403)
    const gql = await app.api.graphql(
      'mutation($data: mutationCourseInput!) { createCourse(data: $data) { id } }',
      { data: { title: 'Via GraphQL', slug: `gql-${uniq()}`, language: 'en', enrollmentPolicy: 'open', tenant: south.tenant.id } },
      { token },
    )
    expect((gql.errors?.[0] as { extensions?: { statusCode?: number } } | undefined)?.extensions?.statusCode).toBe(403)
    expect(await countCourses(title)).toBe(0)
    // Where they teach, the same request succeeds.
    const own = await app.api.post('/api/courses', { token, headers: tenantCookie(north.tenant.id), body: { ...course, title: `Own ${id}` } })
    expect(own.status).toBe(201)
    expect(((await own.json()) as { doc: { tenant: { id: number } } }).doc.tenant.id).toBe(north.tenant.id)
  })

  it('should never move a document to another school', async () => {
    const token = await app.api.tokenOf(bridge)
    const course = await createCourse(app.payload, north.tenant.id, { instructors: [bridge.id] })
    const moved = await app.api.patch(`/api/courses/${course.id}`, { token, body: { tenant: south.tenant.id } })
    expect(moved.status).toBe(400)
    expect(await fieldErrors(moved)).toEqual([{ path: 'tenant', message: 'A document stays in its school; it cannot be moved to another.' }])
    // Not even an admin of both schools moves one.
    const both = await createPerson(app.payload, {
      email: `both-${id}@tb.example`,
      tenants: [
        { tenant: north.tenant.id, roles: ['tenant-admin'] },
        { tenant: south.tenant.id, roles: ['tenant-admin'] },
      ],
    })
    const adminToken = await app.api.tokenOf(both)
    const tag = await app.payload.create({ collection: 'tags', data: { name: 'Movable?', slug: `mv-${id}`, tenant: north.tenant.id }, overrideAccess: true })
    expect((await app.api.patch(`/api/tags/${tag.id}`, { token: adminToken, body: { tenant: south.tenant.id } })).status).toBe(400)
    const media = await makeMedia(north.tenant.id)
    expect((await app.api.patch(`/api/media/${media.id}`, { token: adminToken, body: { tenant: south.tenant.id } })).status).toBe(400)
    const bulk = await app.api.patch(`/api/tags?where[id][equals]=${tag.id}`, { token: adminToken, body: { tenant: south.tenant.id } })
    expect(((await bulk.json()) as { errors: unknown[] }).errors).toHaveLength(1)
    expect((await app.payload.findByID({ collection: 'courses', id: course.id, depth: 0, overrideAccess: true })).tenant).toBe(north.tenant.id)
    expect((await app.payload.findByID({ collection: 'tags', id: tag.id, depth: 0, overrideAccess: true })).tenant).toBe(north.tenant.id)
    expect((await app.payload.findByID({ collection: 'media', id: media.id, depth: 0, overrideAccess: true })).tenant).toBe(north.tenant.id)
  })
})

describe('references', () => {
  const chosenOutside = (path: string) => [{ path, message: expect.stringMatching(/^Choose .* of this school/) }]

  it("should refuse a school's logo from another school, and answer a missing file the same way", async () => {
    const token = await app.api.tokenOf(north.admin)
    const foreign = await app.api.patch(`/api/tenants/${north.tenant.id}`, { token, body: { branding: { logo: southMedia } } })
    expect(foreign.status).toBe(400)
    const foreignErrors = await fieldErrors(foreign)
    expect(foreignErrors).toEqual(chosenOutside('branding.logo'))
    const missing = await app.api.patch(`/api/tenants/${north.tenant.id}`, { token, body: { branding: { logo: 2_000_000_000 } } })
    expect(missing.status).toBe(400)
    expect(await fieldErrors(missing)).toEqual(foreignErrors)
    const huge = await app.api.patch(`/api/tenants/${north.tenant.id}`, { token, body: { branding: { logo: '99999999999999999999' } } })
    expect(huge.status).toBe(400)
    expect((await app.payload.findByID({ collection: 'tenants', id: north.tenant.id, overrideAccess: true })).branding?.logo ?? null).toBeNull()
  })

  it('should keep every reference of a course in its school, drafts and hidden lesson fields included', async () => {
    const token = await app.api.tokenOf(north.admin)
    const course = await createCourse(app.payload, north.tenant.id)
    const patch = (body: Record<string, unknown>, query = '') => app.api.patch(`/api/courses/${course.id}${query}`, { token, body })
    for (const [body, path] of [
      [{ cover: southMedia }, 'cover'],
      [{ category: southCategory }, 'category'],
      [{ prerequisites: [(await createCourse(app.payload, south.tenant.id)).id] }, 'prerequisites'],
      [{ instructors: [south.instructor.id] }, 'instructors'],
    ] as const) {
      const response = await patch(body)
      expect(response.status, path).toBe(400)
      expect((await fieldErrors(response)).map((e) => e.path)).toContain(path)
    }
    // A draft skips Payload's field validation; the boundary still holds.
    const draft = await patch({ cover: southMedia, _status: 'draft' }, '?draft=true')
    expect(draft.status).toBe(400)
    expect(await fieldErrors(draft)).toEqual(chosenOutside('cover'))
    // A lesson whose type hides its file field still may not carry another school's file.
    const sections = [{ title: 'S', lessons: [{ title: 'L', type: 'text', file: southMedia }] }]
    const hidden = await patch({ sections })
    expect(hidden.status).toBe(400)
    expect((await fieldErrors(hidden))[0]?.path).toBe('sections.0.lessons.0.file')
    // Rich text: an upload node naming another school's file.
    const description = {
      root: { type: 'root', version: 1, direction: null, format: '', indent: 0, children: [{ type: 'upload', version: 3, format: '', relationTo: 'media', value: southMedia, fields: null }] },
    }
    const rich = await patch({ description })
    expect(rich.status).toBe(400)
    expect(await fieldErrors(rich)).toEqual(chosenOutside('description'))
    const after = await app.payload.findByID({ collection: 'courses', id: course.id, depth: 0, overrideAccess: true })
    expect([after.cover ?? null, after.category ?? null, after.prerequisites ?? []]).toEqual([null, null, []])
  })

  it('should let a school use its own documents', async () => {
    const token = await app.api.tokenOf(north.admin)
    const own = await makeMedia(north.tenant.id)
    const response = await app.api.patch(`/api/tenants/${north.tenant.id}`, { token, body: { branding: { logo: own.id } } })
    expect(response.status).toBe(200)
    const course = await createCourse(app.payload, north.tenant.id)
    expect((await app.api.patch(`/api/courses/${course.id}`, { token, body: { cover: own.id, instructors: [north.instructor.id] } })).status).toBe(200)
  })

  it("should not enroll another school's person, nor assign work to another school's course", async () => {
    const token = await app.api.tokenOf(north.admin)
    const course = await createCourse(app.payload, north.tenant.id)
    const enrollment = await app.api.post('/api/enrollments', { token, body: { user: south.student.id, course: course.id } })
    expect(enrollment.status).toBe(400)
    const southCourse = await createCourse(app.payload, south.tenant.id)
    const assignment = {
      title: 'Essay',
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      maxPoints: 10,
      latePolicy: 'cutoff',
      cutoffAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    }
    const foreign = await app.api.post('/api/assignments', { token, body: { ...assignment, course: southCourse.id } })
    const missing = await app.api.post('/api/assignments', { token, body: { ...assignment, course: 2_000_000_000 } })
    expect([foreign.status, missing.status]).toEqual([400, 400])
    expect(await fieldErrors(foreign)).toEqual(await fieldErrors(missing))
  })
})
