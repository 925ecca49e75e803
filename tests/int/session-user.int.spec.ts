import type { AuthStrategyFunctionArgs, PayloadRequest } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createPerson, createSchool, createSuperAdmin, type Persona, type School, uniq } from '../helpers/personas'

// Our JWT strategy is Payload's with the person read by one statement of ours: whatever a token
// says, it must make the same `req.user` as Payload's strategy alone, or nobody where Payload's does.

let app: TestApp
let north: School
let south: School
let root: Persona
let dual: Persona
const id = uniq()

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `su-n-${id}`)
  south = await createSchool(app.payload, `su-s-${id}`)
  root = await createSuperAdmin(app.payload, `su-${id}`)
  // Two schools (one membership suspended, one with two roles), an Arabic reader, a linked Google account.
  dual = await createPerson(app.payload, {
    email: `dual-${id}@su.example`,
    preferredLocale: 'ar',
    tenants: [
      { tenant: north.tenant.id, roles: ['instructor', 'student'] },
      { tenant: south.tenant.id, roles: ['student'], suspended: true },
    ],
  })
  await app.payload.update({ collection: 'users', id: dual.id, data: { googleSub: `g-${id}` }, overrideAccess: true })
  // An API key's identity, and a person whose address is not verified, so the read below meets both.
  await app.payload.create({ collection: 'api-keys', data: { name: `su-${id}`, tenant: north.tenant.id } as never, overrideAccess: true })
  await app.payload.create({ collection: 'users', data: { name: 'Unverified', email: `unverified-${id}@su.example`, password: 'Secret-pass-9', tenants: [] }, disableVerificationEmail: true, overrideAccess: true })
})

afterAll(() => app.close())

const strategies = async () => {
  const { JWTAuthentication } = await import('payload')
  const { sessionStrategy } = await import('@/collections/Users/sessionStrategy')
  return { JWTAuthentication, sessionStrategy }
}

/** What each strategy makes of these headers, on a request of its own. */
const bothOf = async (headers: Headers) => {
  const { createLocalReq } = await import('payload')
  const { JWTAuthentication, sessionStrategy } = await strategies()
  const args = async (): Promise<AuthStrategyFunctionArgs> => ({ headers, payload: app.payload, req: (await createLocalReq({}, app.payload)) as PayloadRequest, strategyName: 'local-jwt', isGraphQL: false, canSetHeaders: false })
  const payloads = await JWTAuthentication(await args())
  const ours = await sessionStrategy.authenticate(await args())
  return { payloads: payloads.user, ours: ours.user }
}

const bearer = (token: string) => new Headers({ authorization: `JWT ${token}` })

describe('the signed-in person, read by our strategy', () => {
  it('should stand in for Payload’s JWT strategy, after the API keys, and read with its own statement', async () => {
    const { createLocalReq } = await import('payload')
    const { sessionStrategy } = await strategies()
    expect(app.payload.authStrategies.map((strategy) => strategy.name)).toEqual(['api-key', 'local-jwt'])
    expect(app.payload.authStrategies[1]!.authenticate).toBe(sessionStrategy.authenticate)
    // Payload's own read made to fail: ours still finds the person, so it did not use it.
    const tripwire = Object.create(app.payload) as typeof app.payload
    tripwire.findByID = (async () => {
      throw new Error('Payload’s read was used')
    }) as never
    const headers = bearer(await app.api.login(north.instructor.email, north.instructor.password))
    const req = (await createLocalReq({}, app.payload)) as PayloadRequest
    const ours = await sessionStrategy.authenticate({ headers, payload: tripwire, req, strategyName: 'local-jwt', isGraphQL: false, canSetHeaders: false })
    expect(ours.user).toEqual((await bothOf(headers)).payloads)
    expect(ours.user).toMatchObject({ id: north.instructor.id })

    // A users collection with a read hook reads as Payload does again (our SQL carries columns as stored).
    const users = app.payload.collections.users
    const hooked = Object.create(app.payload) as typeof app.payload
    hooked.collections = { ...app.payload.collections, users: { ...users, config: { ...users.config, hooks: { ...users.config.hooks, afterRead: [({ doc }) => doc] } } } }
    let theirs = 0
    hooked.findByID = ((options: never) => {
      theirs += 1
      return app.payload.findByID(options)
    }) as never
    const again = await sessionStrategy.authenticate({ headers, payload: hooked, req, strategyName: 'local-jwt', isGraphQL: false, canSetHeaders: false })
    expect(theirs).toBe(1)
    expect(again.user).toEqual(ours.user)
  })


  it('should make the same user as Payload’s own strategy for people of every kind', async () => {
    // A second session, and a reset asked for (its time is a field Payload shows).
    await app.api.login(dual.email, dual.password)
    await app.payload.forgotPassword({ collection: 'users', data: { email: north.student.email }, disableEmail: true })
    await app.payload.update({ collection: 'users', id: north.admin.id, data: { pendingEmail: `new-${id}@north.example` }, overrideAccess: true })
    for (const person of [north.admin, north.student, south.instructor, root, dual]) {
      const { payloads, ours } = await bothOf(bearer(await app.api.login(person.email, person.password)))
      expect(payloads, person.email).toBeTruthy()
      expect(ours).toEqual(payloads)
      expect(ours).not.toHaveProperty('hash')
      expect(ours).not.toHaveProperty('emailChangeTokenHash')
    }
    // Through GraphQL, and with the request already in a transaction.
    const { createLocalReq } = await import('payload')
    const { inTransaction } = await import('@/services/database/transactions')
    const { JWTAuthentication, sessionStrategy } = await strategies()
    const headers = bearer(await app.api.login(dual.email, dual.password))
    const graphql = async (payload = app.payload) => (await JWTAuthentication({ headers, payload, req: (await createLocalReq({}, app.payload)) as PayloadRequest, strategyName: 'local-jwt', isGraphQL: true, canSetHeaders: false })).user
    expect((await sessionStrategy.authenticate({ headers, payload: app.payload, req: (await createLocalReq({}, app.payload)) as PayloadRequest, strategyName: 'local-jwt', isGraphQL: true, canSetHeaders: false })).user).toEqual(await graphql())
    const inside = (await createLocalReq({}, app.payload)) as PayloadRequest
    const [theirs, mine] = await inTransaction(inside, async () => [
      (await JWTAuthentication({ headers, payload: app.payload, req: inside, strategyName: 'local-jwt' })).user,
      (await sessionStrategy.authenticate({ headers, payload: app.payload, req: inside, strategyName: 'local-jwt' })).user,
    ])
    expect(mine).toEqual(theirs)
    expect(mine).toMatchObject({ id: dual.id })

    const { ours } = await bothOf(headers)
    expect(ours).toMatchObject({ _strategy: 'local-jwt', collection: 'users', preferredLocale: 'ar', googleSub: `g-${id}` })
    expect((ours as { sessions: unknown[] }).sessions.length).toBeGreaterThanOrEqual(3)
    expect((ours as { tenants: unknown[] }).tenants).toEqual([
      expect.objectContaining({ tenant: north.tenant.id, roles: ['instructor', 'student'], suspended: false }),
      expect.objectContaining({ tenant: south.tenant.id, roles: ['student'], suspended: true }),
    ])
  })

  it('should read every person in the database as Payload does', async () => {
    const { createLocalReq } = await import('payload')
    const { signedInUser } = await import('@/domain/identity/signedInUser')
    const req = (await createLocalReq({}, app.payload)) as PayloadRequest
    const people = await app.payload.find({ collection: 'users', depth: 0, limit: 0, pagination: false, overrideAccess: true })
    expect(people.docs.length).toBeGreaterThanOrEqual(9)
    for (const person of people.docs) {
      expect(await signedInUser(req, person.id), person.email).toEqual(await app.payload.findByID({ collection: 'users', id: person.id, depth: 0, overrideAccess: true, req }))
    }
    expect(await signedInUser(req, 2_000_000_000)).toBeNull()
  })

  it('should find nobody where Payload’s strategy finds nobody', async () => {
    const { jwtSign } = await import('payload')
    const token = await app.api.login(south.student.email, south.student.password)
    const sid = ((await bothOf(bearer(token))).ours as { _sid?: string } | null)?._sid as string
    expect(sid).toBeTruthy()
    const signed = async (fields: Record<string, unknown>, secret = app.payload.secret) => (await jwtSign({ fieldsToSign: fields, secret, tokenExpiration: 600 })).token
    const cases: Record<string, Headers> = {
      'no token': new Headers(),
      'a token signed with another secret': bearer(await signed({ id: south.student.id, collection: 'users', sid }, 'not-the-secret')),
      'a token without a session': bearer(await signed({ id: south.student.id, collection: 'users' })),
      'a token naming another session': bearer(await signed({ id: south.student.id, collection: 'users', sid: 'made-up' })),
      'a session of someone else': bearer(await signed({ id: south.admin.id, collection: 'users', sid })),
      'an id that is not a number': bearer(await signed({ id: 'abc', collection: 'users', sid })),
      'a person who does not exist': bearer(await signed({ id: 2_000_000_000, collection: 'users', sid })),
      'another collection': bearer(await signed({ id: south.student.id, collection: 'api-keys', sid })),
    }
    for (const [what, headers] of Object.entries(cases)) {
      const { payloads, ours } = await bothOf(headers)
      expect(payloads, what).toBeNull()
      expect(ours, what).toBeNull()
    }
    // Ids written other than as Payload signs them: the same answer as Payload's, whichever it is.
    for (const odd of [String(south.student.id), ` ${south.student.id}`, south.student.id + 0.5, -1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER]) {
      const { payloads, ours } = await bothOf(bearer(await signed({ id: odd, collection: 'users', sid })))
      expect(ours, `id ${JSON.stringify(odd)}`).toEqual(payloads)
    }
    expect((await bothOf(bearer(await signed({ id: String(south.student.id), collection: 'users', sid })))).ours).toMatchObject({ id: south.student.id })
    // Unverified, then logged out: nobody, by both.
    await app.payload.update({ collection: 'users', id: south.student.id, data: { _verified: false }, overrideAccess: true })
    expect(await bothOf(bearer(token))).toEqual({ payloads: null, ours: null })
    await app.payload.update({ collection: 'users', id: south.student.id, data: { _verified: true }, overrideAccess: true })
    expect((await bothOf(bearer(token))).ours).toMatchObject({ id: south.student.id })
    expect((await app.api.post('/api/users/logout', { token })).status).toBe(200)
    expect(await bothOf(bearer(token))).toEqual({ payloads: null, ours: null })
  })
})
