import type { User } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createPerson, createSchool, createSuperAdmin, PASSWORD, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
let root: Persona
let bridge: Persona
const id = uniq()

const tokenOf = (person: Persona): Promise<string> => app.api.tokenOf(person)

const readUser = (userId: number) =>
  app.payload.findByID({ collection: 'users', id: userId, depth: 0, overrideAccess: true })

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `north-${id}`)
  south = await createSchool(app.payload, `south-${id}`)
  root = await createSuperAdmin(app.payload, id)
  // A person in both schools: a student of north and of south.
  bridge = await createPerson(app.payload, {
    email: `bridge-${id}@both.example`,
    tenants: [
      { tenant: north.tenant.id, roles: ['student'] },
      { tenant: south.tenant.id, roles: ['student'] },
    ],
  })
})

afterAll(() => app.close())

describe('super-admin', () => {
  it('should manage people and tenants everywhere', async () => {
    const token = await tokenOf(root)
    const list = await app.api.get('/api/users?limit=200&depth=0', { token })
    const emails = ((await list.json()) as { docs: User[] }).docs.map((u) => u.email)
    expect(emails).toEqual(expect.arrayContaining([north.admin.email, south.admin.email]))

    const grant = await app.api.patch(`/api/users/${north.instructor.id}`, { token, body: { platformRole: 'super-admin' } })
    expect(grant.status).toBe(200)
    expect((await readUser(north.instructor.id)).platformRole).toBe('super-admin')
    await app.api.patch(`/api/users/${north.instructor.id}`, { token, body: { platformRole: null } })
    expect((await readUser(north.instructor.id)).platformRole).toBeNull()
  })
})

describe('tenant-admin', () => {
  it('should create a student in their own tenant', async () => {
    const response = await app.api.post('/api/users', {
      token: await tokenOf(north.admin),
      body: {
        name: 'New Student',
        email: `new-${id}@north.example`,
        password: PASSWORD,
        tenants: [{ tenant: north.tenant.id, roles: ['student'] }],
      },
    })
    expect(response.status).toBe(201)
  })

  it('should not create a member of another tenant', async () => {
    const email = `intruder-${id}@south.example`
    const response = await app.api.post('/api/users', {
      token: await tokenOf(north.admin),
      body: { name: 'Intruder', email, password: PASSWORD, tenants: [{ tenant: south.tenant.id, roles: ['tenant-admin'] }] },
    })
    expect(response.status).toBe(403)
    const found = await app.payload.find({ collection: 'users', where: { email: { equals: email } }, overrideAccess: true })
    expect(found.totalDocs).toBe(0)
  })

  it('should not grant super-admin, on create or update', async () => {
    const token = await tokenOf(north.admin)
    const email = `climber-${id}@north.example`
    const create = await app.api.post('/api/users', {
      token,
      body: { name: 'Climber', email, password: PASSWORD, platformRole: 'super-admin', tenants: [{ tenant: north.tenant.id, roles: ['student'] }] },
    })
    expect(create.status).toBe(403)
    expect((await app.payload.find({ collection: 'users', where: { email: { equals: email } }, overrideAccess: true })).totalDocs).toBe(0)

    const update = await app.api.patch(`/api/users/${north.student.id}`, { token, body: { platformRole: 'super-admin' } })
    expect(update.status).toBe(403)
    expect((await readUser(north.student.id)).platformRole).toBeFalsy()
  })

  it('should not add a membership of another tenant to one of their people', async () => {
    const response = await app.api.patch(`/api/users/${north.student.id}`, {
      token: await tokenOf(north.admin),
      body: {
        tenants: [
          { tenant: north.tenant.id, roles: ['student'] },
          { tenant: south.tenant.id, roles: ['tenant-admin'] },
        ],
      },
    })
    expect(response.status).toBe(403)
    expect((await readUser(north.student.id)).tenants).toHaveLength(1)
  })

  it('should change roles inside their own tenant but leave other tenants\' memberships alone', async () => {
    const token = await tokenOf(north.admin)
    const promote = await app.api.patch(`/api/users/${bridge.id}`, {
      token,
      body: {
        tenants: [
          { tenant: north.tenant.id, roles: ['student', 'instructor'] },
          { tenant: south.tenant.id, roles: ['student'] },
        ],
      },
    })
    expect(promote.status).toBe(200)
    const dropSouth = await app.api.patch(`/api/users/${bridge.id}`, {
      token,
      body: { tenants: [{ tenant: north.tenant.id, roles: ['student'] }] },
    })
    expect(dropSouth.status).toBe(403)
    const after = await readUser(bridge.id)
    expect(after.tenants?.map((t) => t.tenant)).toEqual([north.tenant.id, south.tenant.id])
  })

  it('should neither read, update nor delete people of another tenant', async () => {
    const token = await tokenOf(north.admin)
    expect((await app.api.get(`/api/users/${south.student.id}`, { token })).status).toBe(404)
    const update = await app.api.patch(`/api/users/${south.student.id}`, { token, body: { name: 'Hijacked' } })
    expect(update.status).toBe(403)
    const remove = await app.api.delete(`/api/users/${south.student.id}`, { token })
    expect(remove.status).toBe(403)
    const still = await readUser(south.student.id)
    expect(still.name).not.toBe('Hijacked')
  })

  it('should not delete a person who also belongs to another tenant', async () => {
    const response = await app.api.delete(`/api/users/${bridge.id}`, { token: await tokenOf(north.admin) })
    expect(response.status).toBe(403)
    expect(await readUser(bridge.id)).toMatchObject({ id: bridge.id })
  })

  it('should not touch a super-admin who is also a member', async () => {
    const operator = await createPerson(app.payload, {
      email: `operator-${id}@platform.example`,
      platformRole: 'super-admin',
      tenants: [{ tenant: north.tenant.id, roles: ['student'] }],
    })
    const response = await app.api.patch(`/api/users/${operator.id}`, { token: await tokenOf(north.admin), body: { password: 'Taken-over-1' } })
    expect(response.status).toBe(403)
    expect((await app.api.post('/api/users/login', { body: { email: operator.email, password: operator.password } })).status).toBe(200)
  })
})

describe('everyone', () => {
  it('should edit their own profile', async () => {
    const response = await app.api.patch(`/api/users/${north.otherStudent.id}`, {
      token: await tokenOf(north.otherStudent),
      body: { name: 'Renamed Student', preferredLocale: 'ar' },
    })
    expect(response.status).toBe(200)
    expect(await readUser(north.otherStudent.id)).toMatchObject({ name: 'Renamed Student', preferredLocale: 'ar' })
  })

  it('should not change their own roles or memberships', async () => {
    const token = await tokenOf(north.student)
    const promote = await app.api.patch(`/api/users/${north.student.id}`, {
      token,
      body: { tenants: [{ tenant: north.tenant.id, roles: ['tenant-admin'] }] },
    })
    expect(promote.status).toBe(403)
    const adminSelf = await app.api.patch(`/api/users/${north.admin.id}`, {
      token: await tokenOf(north.admin),
      body: { tenants: [{ tenant: north.tenant.id, roles: ['tenant-admin', 'instructor'] }] },
    })
    expect(adminSelf.status).toBe(403)
    expect((await readUser(north.student.id)).tenants?.[0]?.roles).toEqual(['student'])
  })

  it('should not edit another person of the same tenant as a student', async () => {
    const response = await app.api.patch(`/api/users/${north.admin.id}`, { token: await tokenOf(north.student), body: { name: 'Pwned' } })
    expect(response.status).toBe(403)
    expect((await readUser(north.admin.id)).name).not.toBe('Pwned')
  })
})

describe('students', () => {
  it('should see no other user and no other email, over REST and GraphQL', async () => {
    const token = await tokenOf(north.student)
    const list = (await (await app.api.get('/api/users?depth=0', { token })).json()) as { docs: User[] }
    expect(list.docs.map((u) => u.id)).toEqual([north.student.id])

    const gql = await app.api.graphql('{ Users(limit: 100) { docs { id email } } }', {}, { token })
    const docs = (gql.data?.Users as { docs: { id: number; email: string | null }[] }).docs
    expect(docs.map((d) => d.id)).toEqual([north.student.id])
    expect((await app.api.get(`/api/users/${north.otherStudent.id}`, { token })).status).toBe(404)
  })

  it('should not see emails of people populated through relationships', async () => {
    // Instructors see their students' emails; a student sees no one else's.
    const instructorToken = await tokenOf(north.instructor)
    const asInstructor = (await (await app.api.get(`/api/users/${north.student.id}?depth=0`, { token: instructorToken })).json()) as User
    expect(asInstructor.email).toBe(north.student.email)
    const selected = (await (await app.api.get(`/api/users?depth=0&select[email]=true&limit=100`, { token: instructorToken })).json()) as { docs: User[] }
    expect(selected.docs.find((u) => u.id === north.student.id)?.email).toBe(north.student.email)
    const southTokenList = (await (await app.api.get('/api/users?depth=0&limit=100', { token: instructorToken })).json()) as { docs: User[] }
    expect(southTokenList.docs.map((u) => u.email)).not.toContain(south.student.email)
  })
})

describe('admin panel', () => {
  it('should admit staff and keep students out', async () => {
    const canAccessAdmin = async (person: Persona) =>
      // Payload omits the flag when it is false.
      ((await (await app.api.get('/api/access', { token: await tokenOf(person) })).json()) as { canAccessAdmin?: boolean }).canAccessAdmin ?? false
    expect(await canAccessAdmin(north.admin)).toBe(true)
    expect(await canAccessAdmin(north.instructor)).toBe(true)
    expect(await canAccessAdmin(root)).toBe(true)
    expect(await canAccessAdmin(north.student)).toBe(false)
  })
})

describe('anonymous', () => {
  it('should read no people and create none through the collection', async () => {
    expect((await app.api.get('/api/users')).status).toBe(403)
    const create = await app.api.post('/api/users', { body: { name: 'Anon', email: `anon-${id}@x.example`, password: PASSWORD } })
    expect(create.status).toBe(403)
  })
})
