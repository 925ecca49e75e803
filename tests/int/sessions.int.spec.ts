import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, createSuperAdmin, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let school: School
let root: Persona
const id = uniq()

beforeAll(async () => {
  app = await bootApp()
  school = await createSchool(app.payload, `ses-${id}`)
  root = await createSuperAdmin(app.payload, `ses-${id}`)
})

afterAll(() => app.close())

/** Whether a token still authenticates. */
const alive = async (token: string): Promise<boolean> =>
  ((await (await app.api.get('/api/users/me', { token })).json()) as { user: unknown }).user !== null

const logInTwice = async (person: Persona, password = person.password) => [
  await app.api.login(person.email, password),
  await app.api.login(person.email, password),
]

describe('sessions', () => {
  it('should sign a person out of all devices at once', async () => {
    const [laptop, phone] = await logInTwice(school.otherStudent)
    expect((await app.api.post('/api/users/logout?allSessions=true', { token: laptop })).status).toBe(200)
    expect(await alive(laptop!)).toBe(false)
    expect(await alive(phone!)).toBe(false)
  })

  it('should end the other sessions when a person changes their own password', async () => {
    const person = school.instructor
    const [laptop, phone] = await logInTwice(person)
    const change = await app.api.patch(`/api/users/${person.id}`, { token: laptop, body: { password: 'Changed-pass-42' } })
    expect(change.status).toBe(200)
    expect(await alive(laptop!)).toBe(true)
    expect(await alive(phone!)).toBe(false)
  })

  it('should end every session when an admin sets someone\'s password', async () => {
    const person = school.student
    const [laptop, phone] = await logInTwice(person)
    const adminToken = await app.api.login(school.admin.email, school.admin.password)
    expect((await app.api.patch(`/api/users/${person.id}`, { token: adminToken, body: { password: 'Set-by-admin-1' } })).status).toBe(200)
    expect(await alive(laptop!)).toBe(false)
    expect(await alive(phone!)).toBe(false)
    expect(await alive(adminToken)).toBe(true)
    // Ending sessions touches nothing else of the person.
    const after = await app.payload.findByID({ collection: 'users', id: person.id, depth: 0, overrideAccess: true })
    expect(after.tenants?.map((t) => [t.tenant, t.roles])).toEqual([[school.tenant.id, ['student']]])
    expect(after.name).toBe(person.name)
  })

  it('should end a member\'s sessions when their membership is removed', async () => {
    const other = await createSchool(app.payload, `ses-o-${id}`)
    const person = (await app.payload.create({
      collection: 'users',
      data: {
        name: 'Two Schools',
        email: `two-${id}@ses.example`,
        password: 'Two-schools-1',
        _verified: true,
        tenants: [{ tenant: school.tenant.id, roles: ['student'] }, { tenant: other.tenant.id, roles: ['student'] }],
      },
      disableVerificationEmail: true,
      overrideAccess: true,
    })) as Persona
    const token = await app.api.login(person.email, 'Two-schools-1')
    const adminToken = await app.api.login(school.admin.email, school.admin.password)
    const remove = await app.api.patch(`/api/users/${person.id}`, {
      token: adminToken,
      body: { tenants: [{ tenant: other.tenant.id, roles: ['student'] }] },
    })
    expect(remove.status).toBe(200)
    expect(await alive(token)).toBe(false)
    // Still a member elsewhere, so they can log in again.
    expect(await alive(await app.api.login(person.email, 'Two-schools-1'))).toBe(true)
  })

  it('should end members\' sessions when their tenant is suspended, for good', async () => {
    const closing = await createSchool(app.payload, `ses-c-${id}`)
    const [memberToken] = await logInTwice(closing.instructor)
    const rootToken = await app.api.login(root.email, root.password)
    await app.api.patch(`/api/tenants/${closing.tenant.id}`, { token: rootToken, body: { status: 'suspended' } })
    await app.api.patch(`/api/tenants/${closing.tenant.id}`, { token: rootToken, body: { status: 'active' } })
    // Reactivation does not bring the old token back.
    expect(await alive(memberToken!)).toBe(false)
    expect(await alive(rootToken)).toBe(true)
  })
})
