import type { CollectionSlug } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import { expectForbidden } from '../helpers/graphql'
import { createSchool, createSuperAdmin, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
let root: Persona
const id = uniq()
const LOCKS = 'payload-locked-documents' as CollectionSlug

/** A lock as Payload's admin panel makes one when someone opens a document's form. */
const lockAs = async (person: Persona, courseId: number): Promise<number> =>
  ((await app.payload.db.create({ collection: LOCKS, data: { document: { relationTo: 'courses', value: courseId }, user: { relationTo: 'users', value: person.id } } })) as { id: number }).id

/** The locks a person lists, with the answer's status, so a refusal is never taken for an empty list. */
const listedLocks = async (person: Persona): Promise<{ status: number; ids: number[] }> => {
  const response = await app.api.get(`/api/${LOCKS}?limit=1000&depth=0`, { token: await app.api.tokenOf(person) })
  return { status: response.status, ids: response.status === 200 ? ((await response.json()) as { docs: { id: number }[] }).docs.map((d) => d.id) : [] }
}

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `pc-n-${id}`)
  south = await createSchool(app.payload, `pc-s-${id}`)
  root = await createSuperAdmin(app.payload, `pc-${id}`)
})

afterAll(() => app.close())

describe('edit locks', () => {
  it('should be made by Payload only: nobody creates one through the API, with a forged holder or not', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
    for (const person of [south.student, north.student, north.admin]) {
      const response = await app.api.post(`/api/${LOCKS}`, {
        token: await app.api.tokenOf(person),
        body: { document: { relationTo: 'courses', value: course.id }, user: { relationTo: 'users', value: north.instructor.id } },
      })
      expect(response.status, person.email).toBe(403)
    }
    const gql = await app.api.graphql(
      'mutation($c: JSON) { createPayloadLockedDocument(data: { document: { relationTo: courses, value: $c } }) { id } }',
      { c: course.id },
      { token: await app.api.tokenOf(south.admin) },
    )
    expectForbidden(gql, 'GraphQL lock')
    expect((await app.payload.count({ collection: LOCKS, where: { 'document.value': { equals: course.id } }, overrideAccess: true })).totalDocs).toBe(0)
  })

  it('should show a lock to its holder and to those who may edit the document, and let only them release or take it over', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
    const lock = await lockAs(north.instructor, course.id)
    expect(await listedLocks(north.instructor)).toEqual({ status: 200, ids: [lock] })
    expect(await listedLocks(north.admin)).toEqual({ status: 200, ids: [lock] })
    expect((await listedLocks(root)).ids).toContain(lock)
    for (const outsider of [north.student, north.otherStudent, south.admin, south.instructor]) {
      // With no lock in reach, the list itself is refused.
      expect(await listedLocks(outsider), outsider.email).toEqual({ status: 403, ids: [] })
      const token = await app.api.tokenOf(outsider)
      expect((await app.api.delete(`/api/${LOCKS}/${lock}`, { token })).status, outsider.email).toBe(403)
      expect((await app.api.patch(`/api/${LOCKS}/${lock}`, { token, body: { user: { relationTo: 'users', value: outsider.id } } })).status).toBe(403)
    }
    const adminToken = await app.api.tokenOf(north.admin)
    // Taking over names the one who takes over, never somebody else.
    const forged = await app.api.patch(`/api/${LOCKS}/${lock}`, { token: adminToken, body: { user: { relationTo: 'users', value: north.student.id } } })
    expect(forged.status).toBe(403)
    const moved = await app.api.patch(`/api/${LOCKS}/${lock}`, { token: adminToken, body: { user: { relationTo: 'users', value: north.admin.id }, document: { relationTo: 'tenants', value: south.tenant.id } } })
    expect(moved.status).toBe(403)
    const takenOver = await app.api.patch(`/api/${LOCKS}/${lock}`, { token: adminToken, body: { user: { relationTo: 'users', value: north.admin.id } } })
    expect(takenOver.status).toBe(200)
    expect((await app.api.delete(`/api/${LOCKS}/${lock}`, { token: adminToken })).status).toBe(200)
    expect((await app.payload.count({ collection: LOCKS, where: { 'document.value': { equals: course.id } }, overrideAccess: true })).totalDocs).toBe(0)
  })
})

describe("Payload's other collections and globals", () => {
  it("should keep a person's preferences theirs", async () => {
    const mine = await app.api.post('/api/payload-preferences/probe', { token: await app.api.tokenOf(north.admin), body: { value: { columns: ['title'] } } })
    expect(mine.status).toBe(200)
    const southToken = await app.api.tokenOf(south.admin)
    expect((await app.api.post('/api/payload-preferences/south-probe', { token: southToken, body: { value: { columns: ['name'] } } })).status).toBe(200)
    const theirs = await app.api.get('/api/payload-preferences?limit=100&depth=0', { token: southToken })
    expect(theirs.status).toBe(200)
    expect(((await theirs.json()) as { docs: { key: string }[] }).docs.map((doc) => doc.key)).toEqual(['south-probe'])
    const own = await app.api.get('/api/payload-preferences/probe', { token: await app.api.tokenOf(north.admin) })
    expect(((await own.json()) as { value: unknown }).value).toEqual({ columns: ['title'] })
    expect((await app.api.get('/api/payload-preferences?limit=10')).status).toBe(403)
  })

  it("should let only the platform read the job scheduler's statistics, and nobody write them", async () => {
    for (const person of [north.admin, north.student]) {
      const token = await app.api.tokenOf(person)
      expect((await app.api.get('/api/globals/payload-jobs-stats', { token })).status).toBe(403)
      expect((await app.api.post('/api/globals/payload-jobs-stats', { token, body: { stats: {} } })).status).toBe(403)
    }
    expect((await app.api.get('/api/globals/payload-jobs-stats')).status).toBe(403)
    const rootToken = await app.api.tokenOf(root)
    expect((await app.api.get('/api/globals/payload-jobs-stats', { token: rootToken })).status).toBe(200)
    expect((await app.api.post('/api/globals/payload-jobs-stats', { token: rootToken, body: { stats: {} } })).status).toBe(403)
  })

  it('should expose neither migrations nor the key-value store', async () => {
    const token = await app.api.tokenOf(root)
    expect((await app.api.get('/api/payload-migrations', { token })).status).toBe(404)
    expect((await app.api.get('/api/payload-kv', { token })).status).toBe(403)
  })
})
