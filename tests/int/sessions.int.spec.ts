import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { linkIn } from '../helpers/mailbox'
import { createPerson, createSchool, createSuperAdmin, type Persona, type School, uniq } from '../helpers/personas'
import { TEST_ENV } from '../helpers/testEnv'

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

/** Whether a token still authenticates: `me` answers 200 either way, with the person or `user: null`. */
const alive = async (token: string): Promise<boolean> => {
  const response = await app.api.get('/api/users/me', { token })
  expect(response.status).toBe(200)
  const { user } = (await response.json()) as { user?: unknown }
  expect(user).toBeDefined()
  return user !== null
}

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

  it('should end every earlier session when a person resets a forgotten password', async () => {
    const person = await createPerson(app.payload, { email: `forgetful-${id}@ses.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })
    const [laptop, phone] = await logInTwice(person)
    expect(await alive(laptop!)).toBe(true)
    expect((await app.api.post('/api/users/forgot-password', { body: { email: person.email } })).status).toBe(200)
    const mail = await app.mailbox.waitFor((m) => m.to.includes(person.email) && /password/i.test(m.subject))
    const prefix = `${TEST_ENV.SERVER_URL}/admin/reset/`
    const resetToken = decodeURIComponent(linkIn(mail, prefix).slice(prefix.length))
    const reset = await app.api.post('/api/users/reset-password', { body: { token: resetToken, password: 'Remembered-pass-7' } })
    expect(reset.status).toBe(200)
    expect(await alive(laptop!)).toBe(false)
    expect(await alive(phone!)).toBe(false)
    // The new password works, and its session does.
    expect(await alive(await app.api.login(person.email, 'Remembered-pass-7'))).toBe(true)
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

  it('should end a member\'s sessions and access when their membership is suspended', async () => {
    const person = school.otherStudent
    await app.payload.update({ collection: 'users', id: person.id, data: { password: 'Suspend-me-1' }, overrideAccess: true })
    const token = await app.api.login(person.email, 'Suspend-me-1')
    const adminToken = await app.api.login(school.admin.email, school.admin.password)
    const suspend = await app.api.patch(`/api/users/${person.id}`, {
      token: adminToken,
      body: { tenants: [{ tenant: school.tenant.id, roles: ['student'], suspended: true }] },
    })
    expect(suspend.status).toBe(200)
    expect(await alive(token)).toBe(false)
    const refused = await app.api.post('/api/users/login', { body: { email: person.email, password: 'Suspend-me-1' } })
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]?.message).toMatch(/suspended/)
    const audit = await app.payload.count({
      collection: 'audit-logs',
      where: { and: [{ action: { equals: 'membership-change' } }, { documentId: { equals: String(person.id) } }] },
      overrideAccess: true,
    })
    expect(audit.totalDocs).toBeGreaterThanOrEqual(2)

    // Lifting the suspension lets them back in.
    await app.api.patch(`/api/users/${person.id}`, {
      token: adminToken,
      body: { tenants: [{ tenant: school.tenant.id, roles: ['student'], suspended: false }] },
    })
    expect(await alive(await app.api.login(person.email, 'Suspend-me-1'))).toBe(true)
  })

  it('should stop a suspended tenant-admin, and let nobody promote themselves in their place', async () => {
    const other = await createSchool(app.payload, `ses-a-${id}`)
    const rootToken = await app.api.login(root.email, root.password)
    const adminToken = await app.api.login(other.admin.email, other.admin.password)
    await app.api.patch(`/api/users/${other.admin.id}`, {
      token: rootToken,
      body: { tenants: [{ tenant: other.tenant.id, roles: ['tenant-admin'], suspended: true }] },
    })
    expect(await alive(adminToken)).toBe(false)
    expect((await app.api.post('/api/users/login', { body: { email: other.admin.email, password: other.admin.password } })).status).toBe(403)
    // Nobody takes the suspended admin's place by promoting themselves.
    const instructorToken = await app.api.login(other.instructor.email, other.instructor.password)
    const lift = await app.api.patch(`/api/users/${other.instructor.id}`, {
      token: instructorToken,
      body: { tenants: [{ tenant: other.tenant.id, roles: ['tenant-admin'] }] },
    })
    expect(lift.status).toBe(403)
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
