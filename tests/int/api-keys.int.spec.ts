import type { ApiKey, User } from '@/payload-types'

import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
const id = uniq()

type Issued = ApiKey & { key: string }

const issue = async (school: School, name: string): Promise<Issued> => {
  const token = await app.api.login(school.admin.email, school.admin.password)
  const response = await app.api.post('/api/api-keys', { token, body: { name, tenant: school.tenant.id } })
  expect(response.status).toBe(201)
  return ((await response.json()) as { doc: Issued }).doc
}

const withKey = (key: string) => ({ headers: { authorization: `Bearer ${key}` } })

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `key-n-${id}`)
  south = await createSchool(app.payload, `key-s-${id}`)
})

afterAll(() => app.close())

describe('API keys', () => {
  it('should show the key once and store only its hash', async () => {
    const issued = await issue(north, 'Timetable sync')
    expect(issued.key).toMatch(/^aqk_[A-Za-z0-9_-]{43}$/)
    expect(issued.hint).toBe(issued.key.slice(0, 10))

    const token = await app.api.login(north.admin.email, north.admin.password)
    const read = (await (await app.api.get(`/api/api-keys/${issued.id}`, { token })).json()) as Record<string, unknown>
    expect(read.key).toBeUndefined()
    expect(read.keyHash).toBeUndefined()
    const stored = await app.payload.findByID({ collection: 'api-keys', id: issued.id, overrideAccess: true })
    // Worked out here, not by the code under test: the SHA-256 of the key, in hex.
    expect(stored.keyHash).toBe(crypto.createHash('sha256').update(issued.key, 'utf8').digest('hex'))
    expect(JSON.stringify(stored)).not.toContain(issued.key)
  })

  it('should act with tenant-admin rights of its own tenant only', async () => {
    const { key } = await issue(north, 'Roster import')
    const list = (await (await app.api.get('/api/users?limit=100&depth=0', withKey(key))).json()) as { docs: User[] }
    const emails = list.docs.map((u) => u.email)
    expect(emails).toEqual(expect.arrayContaining([north.student.email, north.admin.email]))
    expect(emails).not.toContain(south.student.email)

    const created = await app.api.post('/api/users', {
      ...withKey(key),
      body: { name: 'Imported', email: `imported-${id}@north.example`, password: 'Imported-pass-1', tenants: [{ tenant: north.tenant.id, roles: ['student'] }] },
    })
    expect(created.status).toBe(201)
    const elsewhere = await app.api.post('/api/users', {
      ...withKey(key),
      body: { name: 'Intruder', email: `intruder-${id}@south.example`, password: 'Intruder-pass-1', tenants: [{ tenant: south.tenant.id, roles: ['student'] }] },
    })
    expect(elsewhere.status).toBe(403)
    expect((await app.api.get(`/api/users/${south.student.id}`, withKey(key))).status).toBe(404)
    expect((await app.api.patch(`/api/tenants/${south.tenant.id}`, { ...withKey(key), body: { name: 'Taken' } })).status).toBe(403)
    // A key cannot mint more keys, nor make itself more than it is.
    expect((await app.api.post('/api/api-keys', { ...withKey(key), body: { name: 'Child', tenant: north.tenant.id } })).status).toBe(403)
  })

  it('should be accepted in X-API-Key and refused when unknown or malformed', async () => {
    const { key } = await issue(north, 'Header variant')
    for (const headers of [{ 'x-api-key': key }, { authorization: `Bearer ${key}` }] as Record<string, string>[]) {
      const response = await app.api.get('/api/users/me', { headers })
      expect(response.status).toBe(200)
      expect(((await response.json()) as { user: User | null }).user?.kind).toBe('integration')
    }
    const forged = `aqk_${'A'.repeat(43)}`
    expect((await app.api.get('/api/users', withKey(forged))).status).toBe(403)
    expect((await app.api.get('/api/users', withKey('not-a-key'))).status).toBe(403)
  })

  it('should stop working the moment it is revoked, and stay revoked', async () => {
    const issued = await issue(north, 'To revoke')
    expect((await app.api.get('/api/users', withKey(issued.key))).status).toBe(200)
    const token = await app.api.login(north.admin.email, north.admin.password)
    const revoke = await app.api.patch(`/api/api-keys/${issued.id}`, { token, body: { status: 'revoked' } })
    expect(revoke.status).toBe(200)
    expect(((await revoke.json()) as { doc: ApiKey }).doc.revokedAt).toBeTruthy()
    expect((await app.api.get('/api/users', withKey(issued.key))).status).toBe(403)
    expect((await app.api.patch(`/api/api-keys/${issued.id}`, { token, body: { status: 'active' } })).status).toBe(400)
  })

  it('should record when it was last used', async () => {
    const issued = await issue(north, 'Usage')
    await app.api.get('/api/users/me', withKey(issued.key))
    const stored = await app.payload.findByID({ collection: 'api-keys', id: issued.id, overrideAccess: true })
    expect(Date.now() - Date.parse(stored.lastUsedAt ?? '')).toBeLessThan(60_000)
  })

  it('should keep its identity from logging in with a password', async () => {
    const issued = await issue(north, 'No login')
    const identityId = typeof issued.identity === 'object' ? issued.identity?.id : issued.identity
    const identity = await app.payload.findByID({ collection: 'users', id: identityId ?? 0, overrideAccess: true })
    expect(identity.kind).toBe('integration')
    const guessed = await app.api.post('/api/users/login', { body: { email: identity.email, password: 'anything' } })
    expect(guessed.status).toBe(401)
    // Even with the right password (nobody knows it; set here behind the API's back) it is no login.
    await app.payload.update({ collection: 'users', id: identity.id, data: { password: 'Known-pass-123' }, overrideAccess: true })
    const login = await app.api.post('/api/users/login', { body: { email: identity.email, password: 'Known-pass-123' } })
    expect(login.status).toBe(403)
    expect(((await login.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe('This account belongs to an API key and cannot log in.')
  })

  it('should be managed by its tenant\'s admins only', async () => {
    const issued = await issue(north, 'Guarded')
    const southToken = await app.api.login(south.admin.email, south.admin.password)
    expect((await app.api.get(`/api/api-keys/${issued.id}`, { token: southToken })).status).toBe(404)
    expect((await app.api.patch(`/api/api-keys/${issued.id}`, { token: southToken, body: { status: 'revoked' } })).status).toBe(403)
    expect((await app.api.post('/api/api-keys', { token: southToken, body: { name: 'Cross', tenant: north.tenant.id } })).status).toBe(403)
    const instructorToken = await app.api.login(north.instructor.email, north.instructor.password)
    expect((await app.api.post('/api/api-keys', { token: instructorToken, body: { name: 'Nope', tenant: north.tenant.id } })).status).toBe(403)
    expect((await app.api.get('/api/api-keys', { token: instructorToken })).status).toBe(403)
  })
})
