import type { User } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { CREDENTIALS_REFUSED } from '@/domain/identity/credentials'

import { FORBIDDEN_MESSAGE, freshIp } from '../helpers/api'
import { bootApp, type TestApp } from '../helpers/boot'
import { linkIn } from '../helpers/mailbox'
import { createPerson, createSchool, createSuperAdmin, PASSWORD, type Persona, type School, uniq } from '../helpers/personas'
import { TEST_ENV } from '../helpers/testEnv'

let app: TestApp
let north: School
let south: School
/** A student of north who teaches in south. */
let bridge: Persona
const id = uniq()

type ErrorBody = { errors: { message: string }[] }

const readUser = (userId: number) => app.payload.findByID({ collection: 'users', id: userId, depth: 0, showHiddenFields: true, overrideAccess: true })
const canLogIn = async (email: string, password: string) => (await app.api.post('/api/users/login', { body: { email, password } })).status === 200
const messageOf = async (response: Response) => ((await response.json()) as ErrorBody).errors[0]?.message
const CONFIRM_LINK = `${TEST_ENV.SERVER_URL}/api/users/confirm-email?token=`

const lockOut = async (person: Persona) => {
  for (let i = 0; i < 5; i += 1) {
    await app.api.post('/api/users/login', { body: { email: person.email, password: 'wrong-password' } })
  }
  expect(await canLogIn(person.email, person.password)).toBe(false)
}

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `acc-n-${id}`)
  south = await createSchool(app.payload, `acc-s-${id}`)
  bridge = await createPerson(app.payload, {
    email: `bridge-${id}@acc.example`,
    tenants: [
      { tenant: north.tenant.id, roles: ['student'] },
      { tenant: south.tenant.id, roles: ['instructor'] },
    ],
  })
})

afterAll(() => app.close())

describe('credentials', () => {
  it("should not let an admin of one of a person's schools change their password or email, over REST or GraphQL", async () => {
    const token = await app.api.tokenOf(north.admin)
    // Another school's admin who is also a member here: the takeover the rule closes.
    const southAdminHere = await createPerson(app.payload, {
      email: `other-admin-${id}@acc.example`,
      tenants: [
        { tenant: south.tenant.id, roles: ['tenant-admin'] },
        { tenant: north.tenant.id, roles: ['student'] },
      ],
    })
    for (const target of [bridge, southAdminHere]) {
      const password = await app.api.patch(`/api/users/${target.id}`, { token, body: { password: 'Taken-over-1' } })
      expect(password.status).toBe(403)
      expect(await messageOf(password)).toMatch(/^Only the person, a platform operator, or an admin of every school/)
      expect((await app.api.patch(`/api/users/${target.id}`, { token, body: { email: `attacker-${uniq()}@evil.example` } })).status).toBe(403)
      const gql = await app.api.graphql('mutation($id: Int!) { updateUser(id: $id, data: { password: "Taken-over-2" }) { id } }', { id: target.id }, { token })
      expect(gql.errors?.[0]?.message).toMatch(/^Only the person/)
      expect(await canLogIn(target.email, PASSWORD)).toBe(true)
      expect((await readUser(target.id)).email).toBe(target.email)
    }
    // Renaming is not a credential: still the admin's to do.
    expect((await app.api.patch(`/api/users/${bridge.id}`, { token, body: { name: 'Renamed Bridge' } })).status).toBe(200)
    // Nor in bulk, where the rule cannot be judged person by person.
    const bulk = await app.api.patch(`/api/users?where[id][equals]=${north.student.id}`, { token, body: { password: 'Bulk-pass-1' } })
    expect(bulk.status).toBe(400)
  })

  it('should let an admin of every school of the person, the person and a super-admin set a password, ending other sessions', async () => {
    const loner = await createPerson(app.payload, { email: `loner-${id}@acc.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    const earlier = await app.api.login(loner.email, PASSWORD)
    expect((await app.api.patch(`/api/users/${loner.id}`, { token: await app.api.tokenOf(north.admin), body: { password: 'Set-by-admin-1' } })).status).toBe(200)
    expect(await canLogIn(loner.email, 'Set-by-admin-1')).toBe(true)
    expect(((await (await app.api.get('/api/users/me', { token: earlier })).json()) as { user: User | null }).user).toBeNull()
    const root = await createSuperAdmin(app.payload, `acc-${id}`)
    expect((await app.api.patch(`/api/users/${bridge.id}`, { token: await app.api.tokenOf(root), body: { password: 'Set-by-root-1' } })).status).toBe(200)
    expect(await canLogIn(bridge.email, 'Set-by-root-1')).toBe(true)
    await app.payload.update({ collection: 'users', id: bridge.id, data: { password: PASSWORD }, overrideAccess: true })
  })

  it("should not let a school's API key change anyone's credentials, not even its own school's people", async () => {
    const issued = await app.api.post('/api/api-keys', { token: await app.api.tokenOf(north.admin), body: { name: 'sync', tenant: north.tenant.id } })
    const key = ((await issued.json()) as { doc: { key: string } }).doc.key
    const asKey = { headers: { authorization: `Bearer ${key}` } }
    const loner = await createPerson(app.payload, { email: `keyed-${id}@acc.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    for (const body of [{ password: 'Set-by-key-1' }, { email: `keyed-away-${id}@evil.example` }]) {
      const response = await app.api.patch(`/api/users/${loner.id}`, { ...asKey, body })
      expect(response.status, Object.keys(body)[0]).toBe(403)
      expect(await messageOf(response), Object.keys(body)[0]).toBe(CREDENTIALS_REFUSED)
    }
    expect(await readUser(loner.id)).toMatchObject({ email: loner.email, pendingEmail: null })
    expect(await canLogIn(loner.email, PASSWORD)).toBe(true)
    // The fields only the system or the platform write are left as they were, or refused outright.
    expect((await app.api.patch(`/api/users/${loner.id}`, { ...asKey, body: { googleSub: `key-${id}`, _verified: false } })).status).toBe(200)
    const promoted = await app.api.patch(`/api/users/${loner.id}`, { ...asKey, body: { platformRole: 'super-admin' } })
    expect(promoted.status).toBe(403)
    expect(await messageOf(promoted)).toBe(FORBIDDEN_MESSAGE)
    expect(await readUser(loner.id)).toMatchObject({ googleSub: null, _verified: true, platformRole: null })
    // Nor does a key lift a login lock.
    await lockOut(loner)
    const unlock = await app.api.post('/api/users/unlock', { ...asKey, body: { email: loner.email } })
    expect(unlock.status).toBe(403)
    expect(await canLogIn(loner.email, PASSWORD)).toBe(false)
  })

  it('should leave verification to the address itself: an admin cannot mark anyone verified', async () => {
    const created = await app.api.post('/api/users', {
      token: await app.api.tokenOf(north.admin),
      body: { name: 'Typed In', email: `typed-${id}@acc.example`, password: PASSWORD, _verified: true, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] },
    })
    expect(created.status).toBe(201)
    const doc = ((await created.json()) as { doc: User }).doc
    expect((await readUser(doc.id))._verified).toBe(false)
    expect((await app.api.patch(`/api/users/${doc.id}`, { token: await app.api.tokenOf(north.admin), body: { _verified: true } })).status).toBe(200)
    expect((await readUser(doc.id))._verified).toBe(false)
  })
})

describe('email changes', () => {
  it('should take effect only when the new address confirms it, telling the old one', async () => {
    const person = await createPerson(app.payload, { email: `mover-${id}@acc.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    const token = await app.api.login(person.email, PASSWORD)
    const next = `moved-${id}@acc.example`
    const asked = await app.api.patch(`/api/users/${person.id}`, { token, body: { email: next.toUpperCase() } })
    expect(asked.status).toBe(200)
    expect(((await asked.json()) as { doc: User }).doc).toMatchObject({ email: person.email, pendingEmail: next })
    expect(await canLogIn(next, PASSWORD)).toBe(false)
    const notice = await app.mailbox.waitFor((mail) => mail.to.includes(person.email) && /about to change/.test(mail.subject))
    expect(notice.html).not.toContain(CONFIRM_LINK)
    const confirmation = await app.mailbox.waitFor((mail) => mail.to.includes(next))
    const link = new URL(linkIn(confirmation, CONFIRM_LINK))

    const confirmed = await app.api.get(link.pathname + link.search)
    expect(confirmed.status).toBe(303)
    expect(confirmed.headers.get('location')).toBe('/admin/login?email-changed=1')
    const after = await readUser(person.id)
    expect(after).toMatchObject({ email: next, pendingEmail: null, _verified: true })
    expect(await canLogIn(next, PASSWORD)).toBe(true)
    expect(await canLogIn(person.email, PASSWORD)).toBe(false)
    // The change ends the sessions that were open before it.
    expect(((await (await app.api.get('/api/users/me', { token })).json()) as { user: User | null }).user).toBeNull()
    expect((await app.api.get(link.pathname + link.search)).status).toBe(400)
    const audit = await app.payload.find({ collection: 'audit-logs', where: { and: [{ action: { equals: 'email-change' } }, { documentId: { equals: String(person.id) } }] }, overrideAccess: true })
    expect(audit.totalDocs).toBe(1)
  })

  it('should not tell the asker whether an address is taken, and drop the change if it is', async () => {
    const person = await createPerson(app.payload, { email: `asker-${id}@acc.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    const token = await app.api.login(person.email, PASSWORD)
    const taken = await app.api.patch(`/api/users/${person.id}`, { token, body: { email: south.admin.email } })
    const free = await app.api.patch(`/api/users/${person.id}`, { token, body: { email: `free-${id}@acc.example` } })
    expect([taken.status, free.status]).toEqual([200, 200])
    const first = await app.mailbox.waitFor((mail) => mail.to.includes(south.admin.email) && /new email/.test(mail.subject))
    // The second request replaced the first: its link is dead.
    const dead = new URL(linkIn(first, CONFIRM_LINK))
    expect((await app.api.get(dead.pathname + dead.search, { headers: { accept: 'application/json' } })).status).toBe(400)
    await app.payload.update({ collection: 'users', id: person.id, data: { pendingEmail: south.admin.email }, overrideAccess: true })
    const again = await app.api.patch(`/api/users/${person.id}`, { token, body: { email: south.admin.email } })
    expect(again.status).toBe(200)
    const mails = app.mailbox.received.filter((mail) => mail.to.includes(south.admin.email) && /new email/.test(mail.subject))
    const link = new URL(linkIn(mails.at(-1)!, CONFIRM_LINK))
    const refused = await app.api.get(link.pathname + link.search, { headers: { accept: 'application/json' } })
    expect(refused.status).toBe(409)
    expect(await readUser(person.id)).toMatchObject({ email: person.email, pendingEmail: null })
  })

  it('should limit how often one address asks for changes, since each mails an address of its choosing', async () => {
    const person = await createPerson(app.payload, { email: `spammer-${id}@acc.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    const token = await app.api.login(person.email, PASSWORD)
    const ip = freshIp()
    const limit = Number(TEST_ENV.RATE_LIMIT_AUTH_MAX)
    for (let i = 0; i < limit; i += 1) {
      expect((await app.api.patch(`/api/users/${person.id}`, { token, ip, body: { email: `victim-${i}-${id}@acc.example` } })).status).toBe(200)
    }
    const refused = await app.api.patch(`/api/users/${person.id}`, { token, ip, body: { email: `victim-x-${id}@acc.example` } })
    expect(refused.status).toBe(429)
    expect(app.mailbox.received.some((mail) => mail.to.includes(`victim-x-${id}@acc.example`))).toBe(false)
  })

  it('should refuse a malformed new address with 400 on the email field', async () => {
    const person = await createPerson(app.payload, { email: `typo-${id}@acc.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    const response = await app.api.patch(`/api/users/${person.id}`, { token: await app.api.login(person.email, PASSWORD), body: { email: 'not-an-email' } })
    expect(response.status).toBe(400)
    expect((await readUser(person.id)).pendingEmail ?? null).toBeNull()
  })
})

describe('unlock', () => {
  it("should be for the admins of all of a person's schools, and look the same for someone unknown", async () => {
    const locked = await createPerson(app.payload, { email: `locked-${id}@acc.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    await lockOut(locked)
    await lockOut(bridge)
    const unlock = async (person: Persona, email: string) => (await app.api.post('/api/users/unlock', { token: await app.api.tokenOf(person), body: { email } })).status
    expect(await unlock(north.student, locked.email)).toBe(403)
    expect(await unlock(north.instructor, locked.email)).toBe(403)
    expect(await unlock(south.admin, locked.email)).toBe(403)
    expect(await unlock(north.admin, bridge.email)).toBe(403)
    expect(await unlock(north.admin, `nobody-${id}@acc.example`)).toBe(403)
    expect(await canLogIn(locked.email, PASSWORD)).toBe(false)
    expect(await unlock(north.admin, locked.email)).toBe(200)
    expect(await canLogIn(locked.email, PASSWORD)).toBe(true)
    const root = await createSuperAdmin(app.payload, `unl-${id}`)
    expect(await unlock(root, bridge.email)).toBe(200)
    expect(await canLogIn(bridge.email, PASSWORD)).toBe(true)
  })
})
