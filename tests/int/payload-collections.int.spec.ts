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

  it("should answer the lock queries of Payload's admin panel for anyone signed in", async () => {
    const course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
    const lock = await lockAs(north.instructor, course.id)
    const since = new Date(Date.now() - 300_000)
    for (const [person, expected] of [[north.admin, [lock]], [north.student, []], [south.admin, []]] as const) {
      const user = { ...(await app.payload.findByID({ collection: 'users', id: person.id, overrideAccess: true })), collection: 'users' as const }
      // The edit view asks whether the document is locked, with a Date in the query (getIsLocked).
      const editView = await app.payload.find({
        collection: LOCKS,
        depth: 1,
        overrideAccess: false,
        user,
        where: { and: [{ 'document.value': { equals: course.id } }, { 'document.relationTo': { equals: 'courses' } }, { updatedAt: { greater_than: since } }] },
      })
      expect(editView.docs.map((doc) => doc.id), person.email).toEqual(expected)
      // The dashboard lists the locks on globals (getGlobalData): none in reach is an empty list.
      const dashboard = await app.payload.find({ collection: LOCKS, depth: 1, overrideAccess: false, pagination: false, user, where: { globalSlug: { exists: true } } })
      expect(dashboard.docs, person.email).toEqual([])
    }
    await app.payload.delete({ collection: LOCKS, id: lock, overrideAccess: true })
  })

  it('should show a lock to its holder and to those who may edit the document, and let only them release or take it over', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
    const lock = await lockAs(north.instructor, course.id)
    expect(await listedLocks(north.instructor)).toEqual({ status: 200, ids: [lock] })
    expect(await listedLocks(north.admin)).toEqual({ status: 200, ids: [lock] })
    expect((await listedLocks(root)).ids).toContain(lock)
    for (const outsider of [north.student, north.otherStudent, south.admin, south.instructor]) {
      // With no lock in reach, the list is empty (the admin panel's dashboard lists locks).
      expect(await listedLocks(outsider), outsider.email).toEqual({ status: 200, ids: [] })
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

  it('should save preferences the way the admin panel does, always as the requester', async () => {
    const user = { ...(await app.payload.findByID({ collection: 'users', id: north.instructor.id, overrideAccess: true })), collection: 'users' as const }
    // Payload's admin panel (upsertPreferences) names the owner as `{ collection, value }`, not `{ relationTo, value }`.
    const adminPanelOwner = { collection: 'users', value: user.id } as unknown as { relationTo: 'users'; value: number }
    const created = await app.payload.create({ collection: 'payload-preferences', data: { key: 'nav', user: adminPanelOwner, value: { open: true } }, user, depth: 0 })
    const updated = await app.payload.update({ collection: 'payload-preferences', id: created.id, data: { key: 'nav', user: adminPanelOwner, value: { open: false } }, user, depth: 0 })
    expect(updated.user).toEqual({ relationTo: 'users', value: user.id })
    // A forged owner over the API is not taken: the preference is the requester's.
    const token = await app.api.tokenOf(north.student)
    const forged = await app.api.post('/api/payload-preferences', { token, body: { key: 'forged', user: { relationTo: 'users', value: north.admin.id }, value: 1 } })
    expect(forged.status).toBe(201)
    const stored = await app.payload.find({ collection: 'payload-preferences', where: { key: { equals: 'forged' } }, depth: 0, overrideAccess: true })
    expect(stored.docs.map((doc) => doc.user)).toEqual([{ relationTo: 'users', value: north.student.id }])
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
