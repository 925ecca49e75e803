import type { CollectionSlug, TypedUser } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CallOptions } from '../helpers/api'
import type { CollectionShape, FieldShape } from '../fuzz/manifest'

import { type Expected, expectGraphQL, expectRest, FORBIDDEN, type Gql, invalid, refusedBy, success, writeAnswer } from '../attack/answers'
import { mayWriteField, type Reach, reachOf, userOf } from '../attack/reach'
import { type Attacker, attackersOf, buildWorld, isTenantScoped, storedDoc, valueAt, type World } from '../attack/world'
import { postgresAdapter } from '@/services/database/adapter'

import { type CreationBody, creationBodies, ONE_PER_SCHOOL } from '../fixtures/creationBodies'
import { bootApp, type TestApp } from '../helpers/boot'
import { forgetZoomJobs } from '../helpers/zoomJobs'
import { type Clamd, startClamd } from '../helpers/clamd'
import { PASSWORD, uniq } from '../helpers/personas'
import { relationId } from '@/shared/relationId'
import { TENANT_CREATORS } from '@/access/tenantCreators'

/**
 * The attacker suite, part two: writes across the boundary, generated from the config. Every
 * school-owned collection is created into the target school (school in the body, or picked by
 * the admin panel's tenant cookie) and its documents are moved there, over REST and GraphQL;
 * every relationship, upload and rich-text field is pointed at the target school's documents,
 * on update and on create, over REST and GraphQL; and people's credentials are changed by those
 * who administer only some of their schools. Each answer is the exact one the requester's
 * access rules call for; what is stored is checked on its own.
 */

let app: TestApp
let clamd: Clamd
let world: World
let attackers: ReturnType<typeof attackersOf>
let owned: CollectionShape[]
let credentialsRefused: string

beforeAll(async () => {
  clamd = await startClamd()
  app = await bootApp({ CLAMD_PORT: String(clamd.port) })
  // Imported once the app is up: the rule's module reads the settings, which must see this file's environment.
  credentialsRefused = (await import('@/domain/identity/credentials')).CREDENTIALS_REFUSED
  world = await buildWorld(app, 'atw')
  attackers = attackersOf(app, world)
  owned = world.collections.filter(isTenantScoped)
})

afterAll(async () => {
  await forgetZoomJobs(app?.payload)
  await app.close()
  await clamd.stop()
})

/** The tenant field's own refusals (src/hooks/keepTenant.ts). */
const NOT_IN_THAT_SCHOOL = refusedBy(403, 'You cannot create this in that school.')
const NO_SCHOOL = invalid('tenant', 'Choose the school this belongs to.')
const STAYS = invalid('tenant', 'A document stays in its school; it cannot be moved to another.')

const countIn = async (slug: string, tenant: number) =>
  (await app.payload.count({ collection: slug as CollectionSlug, where: { tenant: { equals: tenant } }, overrideAccess: true })).totalDocs

const send = (slug: string, body: CreationBody, options: CallOptions) =>
  app.api.post(`/api/${slug}`, { ...options, ...('json' in body ? { body: body.json } : { form: body.form() }) })

/** The document data a creation carries, as the collection's rules see it. */
const dataOf = (body: CreationBody): Record<string, unknown> =>
  'json' in body ? body.json : (JSON.parse(String(body.form().get('_payload'))) as Record<string, unknown>)

/** The same creation with more data: JSON merged, or merged into a form's `_payload`. */
const withData = (body: CreationBody, extra: Record<string, unknown>): CreationBody => {
  if ('json' in body) {
    return { json: { ...body.json, ...extra } }
  }
  return {
    form: () => {
      const form = body.form()
      form.set('_payload', JSON.stringify({ ...dataOf(body), ...extra }))
      return form
    },
  }
}

const withoutTenant = (body: CreationBody): CreationBody => {
  if ('form' in body) {
    return {
      form: () => {
        const form = body.form()
        const { tenant: _tenant, ...data } = dataOf(body)
        form.set('_payload', JSON.stringify(data))
        return form
      },
    }
  }
  const { tenant: _tenant, ...json } = body.json
  return { json }
}

const tenantCookie = (tenant: number) => ({ cookie: `payload-tenant=${tenant}` })

const graphql = async (auth: CallOptions, query: string, variables: Record<string, unknown>): Promise<Gql> => (await app.api.graphql(query, variables, auth)) as Gql

/** The roles the person holds in the school that create documents of the collection (src/access/tenantCreators.ts). */
const creatorRolesIn = (user: TypedUser | null, tenant: number, slug: string): string[] => {
  const creators = (TENANT_CREATORS as Record<string, { roles: readonly string[] }>)[slug]?.roles ?? []
  const held = ((user as { tenants?: { tenant: unknown; roles?: string[] | null }[] | null } | null)?.tenants ?? []).filter((m) => relationId(m.tenant) === tenant).flatMap((m) => m.roles ?? [])
  return held.filter((role) => creators.includes(role))
}

const isMemberOf = (user: TypedUser | null, tenant: number): boolean =>
  ((user as { tenants?: { tenant: unknown }[] | null } | null)?.tenants ?? []).some((m) => relationId(m.tenant) === tenant)

describe('creating into another school', () => {
  it('should refuse every attacker, by body and by tenant cookie, over REST and GraphQL, and create for the school itself', async () => {
    const northId = world.north.tenant.id
    const adminAuth = { token: await app.api.tokenOf(world.north.admin) }
    for (const collection of owned) {
      // Collections only the system creates get a bare body: the school alone must already be refused.
      const make = creationBodies[collection.slug] ?? (({ tenant }) => ({ json: { tenant } }))
      for (const attacker of [attackers.bridge, attackers.otherAdmin, attackers.otherKey, attackers.student, attackers.anonymous]) {
        const auth: CallOptions = await attacker.auth()
        const user = await userOf(app.payload, auth)
        const what = (how: string) => `${collection.slug} ${attacker.name}: ${how}`
        const body = make(await world.partsOf(world.north))
        const before = await countIn(collection.slug, northId)
        const reach = (data: Record<string, unknown>) => reachOf({ payload: app.payload, user, slug: collection.slug, operation: 'create', data })
        // A collection every member makes their own documents in (calendar feeds): the school's
        // own student may; what they make is theirs alone, which its own tests show.
        if (creatorRolesIn(user, northId, collection.slug).length > 0) {
          expect(await reach(dataOf(body)), what('may create their own in their school')).toBe('granted')
          continue
        }
        // Naming the school: the collection's create rule refuses.
        expect(await reach(dataOf(body)), what('may not create in the school')).toBe('denied')
        await expectRest(await send(collection.slug, body, auth), FORBIDDEN, what('by body'))
        // By cookie the rule sees no school; if it lets the requester create somewhere, the tenant
        // field judges the school the cookie picks: a member without a creating role there is
        // refused it; for anyone else the plugin ignores a cookie naming a school not theirs, so
        // no school is given at all.
        const cookieReach = await reach(dataOf(withoutTenant(body)))
        const byCookie = cookieReach === 'denied' ? FORBIDDEN : isMemberOf(user, northId) ? NOT_IN_THAT_SCHOOL : NO_SCHOOL
        const withCookie = { ...auth, headers: { ...auth.headers, ...tenantCookie(northId) } }
        await expectRest(await send(collection.slug, withoutTenant(body), withCookie), byCookie, what('by cookie'))
        if (collection.graphQL && 'json' in body && creationBodies[collection.slug]) {
          const { singular } = collection.graphQL
          const mutation = `mutation($data: mutation${singular}Input!) { create${singular}(data: $data) { id } }`
          expectGraphQL(await graphql(auth, mutation, { data: body.json }), `create${singular}`, FORBIDDEN, what('GraphQL by body'))
          expectGraphQL(await graphql(withCookie, mutation, { data: dataOf(withoutTenant(body)) }), `create${singular}`, byCookie, what('GraphQL by cookie'))
        }
        expect(await countIn(collection.slug, northId), what('nothing created')).toBe(before)
      }
      if (creationBodies[collection.slug]) {
        // A school has one of some collections: the one the world made steps aside (its school
        // cleared for the moment) while the admin's creations are shown, and then comes back.
        const single = ONE_PER_SCHOOL.has(collection.slug)
        const table = collection.slug.replace(/-/g, '_')
        const parked = single ? world.northDocs.get(collection.slug) : undefined
        const db = postgresAdapter(app.payload).drizzle
        const clearCreated = async (response: Response) => {
          if (single && response.status === 201) {
            const created = ((await response.clone().json()) as { doc: { id: number } }).doc.id
            await app.payload.delete({ collection: collection.slug as CollectionSlug, id: created, overrideAccess: true })
          }
        }
        if (parked !== undefined) {
          await db.execute(sql`update ${sql.identifier(table)} set tenant_id = null where id = ${parked}`)
        }
        // The same bodies are sound: the school's own admin creates with them.
        const own = await send(collection.slug, make(await world.partsOf(world.north)), adminAuth)
        expect(own.status, `${collection.slug}: created by the school's admin: ${await own.clone().text()}`).toBe(201)
        await clearCreated(own)
        const byCookie = await send(collection.slug, withoutTenant(make(await world.partsOf(world.north))), { ...adminAuth, headers: tenantCookie(northId) })
        await clearCreated(byCookie)
        if (parked !== undefined) {
          await db.execute(sql`update ${sql.identifier(table)} set tenant_id = ${northId} where id = ${parked}`)
        }
        expect(byCookie.status, `${collection.slug}: created by cookie`).toBe(201)
      }
    }
    // Generated over every collection and field: it grows with the config, so it gets its own deadline.
  }, 300_000)
})

describe('moving into another school', () => {
  it('should keep every document in its school, whoever administers it and however it is asked', async () => {
    const northId = world.north.tenant.id
    for (const collection of owned) {
      const docId = world.southDocs.get(collection.slug)!
      // The school's own admin and key, and an instructor there who is only a student of the target school.
      for (const attacker of [attackers.otherAdmin, attackers.otherKey, attackers.bridge]) {
        const auth: CallOptions = await attacker.auth()
        const what = (how: string) => `${collection.slug} ${attacker.name}: ${how}`
        const data = { tenant: northId }
        const reach = await reachOf({ payload: app.payload, user: await userOf(app.payload, auth), slug: collection.slug, operation: 'update', id: docId, data })
        // Whoever may change the document is refused on its tenant field; anyone else is refused it whole.
        const byId: Expected = reach === 'granted' ? STAYS : writeAnswer(reach)
        await expectRest(await app.api.patch(`/api/${collection.slug}/${docId}`, { ...auth, body: data }), byId, what('by ID'))
        const bulk = await app.api.patch(`/api/${collection.slug}?where[id][equals]=${docId}`, { ...auth, body: data })
        if (reach === 'granted') {
          // A bulk change reports each document it could not change, with the field's message.
          const body = (await bulk.json()) as { docs: unknown[]; errors: { id: number; message: string }[] }
          expect([bulk.status, body.docs, body.errors.map((e) => [e.id, e.message])], what('by where')).toEqual([400, [], [[docId, 'The following field is invalid: tenant']]])
        } else {
          await expectRest(bulk, reach === 'denied' ? FORBIDDEN : success(200, false), what('by where'), docId)
        }
        if (collection.graphQL) {
          const { singular } = collection.graphQL
          const gql = await graphql(auth, `mutation($id: Int!, $t: Int) { update${singular}(id: $id, data: { tenant: $t }) { id } }`, { id: docId, t: northId })
          expectGraphQL(gql, `update${singular}`, byId, what('GraphQL'))
        }
        expect(valueAt(await storedDoc(app.payload, collection.slug, docId), 'tenant'), what('still in its school')).toBe(world.south.tenant.id)
      }
    }
  })
})

/** The value to point a field at the target school: its document of the field's collection. */
const foreignValue = (field: FieldShape): unknown => {
  if (field.type === 'richText') {
    const media = world.northDocs.get('media')!
    return { root: { type: 'root', version: 1, direction: null, format: '', indent: 0, children: [{ type: 'upload', version: 3, format: '', relationTo: 'media', value: media, fields: null }] } }
  }
  const target = Array.isArray(field.relationTo) ? field.relationTo[0]! : field.relationTo!
  const id = target === 'users' ? world.north.student.id : target === 'tenants' ? world.north.tenant.id : world.northDocs.get(target)!
  const value = Array.isArray(field.relationTo) ? { relationTo: target, value: id } : id
  return field.hasMany ? [value] : value
}

const firstRow = (value: unknown): Record<string, unknown> | undefined =>
  (Array.isArray(value) ? value[0] : value) as Record<string, unknown> | undefined

/**
 * A body setting one field at a dotted path. An array gets one row, its other fields copied from
 * the first row of `template` (a stored document), so the row is whole: GraphQL's input types
 * require an array row's required fields.
 */
const bodyFor = (collection: CollectionShape, path: string, value: unknown, template: Record<string, unknown>): Record<string, unknown> => {
  const segments = path.split('.')
  const build = (depth: number, prefix: string, source: Record<string, unknown> | undefined): unknown => {
    if (depth === segments.length) {
      return value
    }
    const key = segments[depth]!
    const here = prefix ? `${prefix}.${key}` : key
    const inner = build(depth + 1, here, firstRow(source?.[key]))
    if (collection.fields.find((f) => f.path === prefix)?.type !== 'array') {
      return { [key]: inner }
    }
    const row = Object.fromEntries(Object.entries(source ?? {}).filter(([name]) => name !== 'id' && collection.fields.some((f) => f.path === `${prefix}.${name}`)))
    return [{ ...row, [key]: inner }]
  }
  return build(0, '', template) as Record<string, unknown>
}

const referenceFields = (collection: CollectionShape): FieldShape[] =>
  collection.fields.filter((f) => (f.type === 'relationship' || f.type === 'upload' || f.type === 'richText') && f.path !== 'tenant' && f.relationTo !== 'tenants')

describe('pointing into another school', () => {
  /** What the owner of a document is answered for a foreign reference: refused on the field, or the field is not theirs to write. */
  const referenceAnswer = async (args: { user: TypedUser | null; slug: string; path: string; operation: 'create' | 'update'; data: Record<string, unknown>; doc?: Record<string, unknown>; reach: Reach }): Promise<Expected> => {
    if (args.reach !== 'granted') {
      return FORBIDDEN
    }
    if (await mayWriteField({ payload: app.payload, ...args })) {
      return invalid(args.path)
    }
    // Payload drops a value the requester may not write and saves the rest.
    return success(args.operation === 'create' ? 201 : 200, true)
  }

  it("should refuse every relationship, upload and rich-text field that names another school's document, on update and create, over REST and GraphQL", async () => {
    let attacked = 0
    // The school's own admin and API key: they may write its documents, so only the reference is at stake.
    for (const attacker of [attackers.otherAdmin, attackers.otherKey]) {
      const auth: CallOptions = await attacker.auth()
      const user = await userOf(app.payload, auth)
      for (const collection of owned) {
        const { slug } = collection
        const docId = world.southDocs.get(slug)!
        const stored = await storedDoc(app.payload, slug, docId)
        const make = creationBodies[slug]
        for (const field of referenceFields(collection)) {
          const what = (how: string) => `${attacker.name} → ${slug}.${field.path}: ${how}`
          const foreign = foreignValue(field)
          const data = bodyFor(collection, field.path, foreign, stored)
          const reach = await reachOf({ payload: app.payload, user, slug, operation: 'update', id: docId, data })
          const onUpdate = await referenceAnswer({ user, slug, path: field.path, operation: 'update', data, doc: stored, reach })
          attacked += onUpdate.status === 400 ? 1 : 0
          await expectRest(await app.api.patch(`/api/${slug}/${docId}`, { ...auth, body: data }), onUpdate, what('REST update'), docId)
          if (collection.graphQL) {
            const { singular } = collection.graphQL
            const gql = await graphql(auth, `mutation($id: Int!, $data: mutation${singular}UpdateInput!) { update${singular}(id: $id, data: $data) { id } }`, { id: docId, data })
            expectGraphQL(gql, `update${singular}`, onUpdate, what('GraphQL update'), docId)
          }
          expect(valueAt(await storedDoc(app.payload, slug, docId), field.path), what('unchanged')).toEqual(valueAt(stored, field.path))
          if (!make) {
            continue
          }
          // A new document of the school, sound but for the foreign reference.
          const creation = async () => withData(make(await world.partsOf(world.south)), data)
          const rest = await creation()
          const createReach = await reachOf({ payload: app.payload, user, slug, operation: 'create', data: dataOf(rest) })
          const onCreate = await referenceAnswer({ user, slug, path: field.path, operation: 'create', data: dataOf(rest), reach: createReach })
          const created = (await expectRest(await send(slug, rest, auth), onCreate, what('REST create'))).doc?.id
          const createdIds = [created]
          if (collection.graphQL && 'json' in rest) {
            const { singular } = collection.graphQL
            const gql = await graphql(auth, `mutation($data: mutation${singular}Input!) { create${singular}(data: $data) { id } }`, { data: dataOf(await creation()) })
            expectGraphQL(gql, `create${singular}`, onCreate, what('GraphQL create'))
            createdIds.push((gql.data?.[`create${singular}`] as { id?: number } | null)?.id)
          }
          for (const id of createdIds.filter((value): value is number => typeof value === 'number')) {
            // Created without the field: whatever it holds, it is not the foreign document.
            expect(valueAt(await storedDoc(app.payload, slug, id), field.path), what('not stored')).not.toEqual(foreign)
          }
        }
      }
    }
    // The school's admin writes most reference fields: most of them were really attacked.
    expect(attacked).toBeGreaterThan(20)
    // Generated over every collection and field: it grows with the config, so it gets its own deadline.
  }, 300_000)
})

describe("changing people's credentials", () => {
  /**
   * A credential change, over REST and (with GraphQL's spelling of enum values) GraphQL. The
   * password and email meet the credential rule before access control, whoever asks; for the
   * rest, what an admin of only some of the person's schools is answered.
   */
  type Attempt = { field: string; rest: Record<string, unknown>; graphql?: Record<string, unknown>; byPartialAdmin: Expected | 'credential rule' }
  const attempts: Attempt[] = [
    { field: 'password', rest: { password: 'Taken-over-1' }, byPartialAdmin: 'credential rule' },
    { field: 'email', rest: { email: `taken-${uniq()}@attack.example` }, byPartialAdmin: 'credential rule' },
    // Fields only the system writes: dropped from the change, which succeeds with nothing changed.
    { field: '_verified', rest: { _verified: false }, byPartialAdmin: success(200, true) },
    { field: 'googleSub', rest: { googleSub: 'attacker-google' }, byPartialAdmin: success(200, true) },
    { field: 'platformRole', rest: { platformRole: 'super-admin' }, graphql: { platformRole: 'super_admin' }, byPartialAdmin: FORBIDDEN },
    // Leaving the other school is not theirs to decide.
    { field: 'tenants', rest: { tenants: [] }, byPartialAdmin: FORBIDDEN },
  ]
  const credentialRule = (): Expected => refusedBy(403, credentialsRefused)

  const attackPerson = async (attacker: Attacker, target: { id: number; email: string }, answer: (attempt: Attempt) => Expected) => {
    const before = await storedDoc(app.payload, 'users', target.id)
    const auth = await attacker.auth()
    for (const attempt of attempts) {
      const what = (how: string) => `${attacker.name}: ${attempt.field} ${how}`
      await expectRest(await app.api.patch(`/api/users/${target.id}`, { ...auth, body: attempt.rest }), answer(attempt), what('over REST'), target.id)
      const gql = await graphql(auth, 'mutation($id: Int!, $data: mutationUserUpdateInput!) { updateUser(id: $id, data: $data) { id } }', { id: target.id, data: attempt.graphql ?? attempt.rest })
      expectGraphQL(gql, 'updateUser', answer(attempt), what('over GraphQL'), target.id)
    }
    await expectRest(await app.api.post('/api/users/unlock', { ...auth, body: { email: target.email } }), FORBIDDEN, `${attacker.name}: unlock over REST`)
    expectGraphQL(await graphql(auth, 'mutation($email: String!) { unlockUser(email: $email) }', { email: target.email }), 'unlockUser', FORBIDDEN, `${attacker.name}: unlock over GraphQL`)
    const after = await storedDoc(app.payload, 'users', target.id)
    for (const field of ['email', 'pendingEmail', '_verified', 'platformRole', 'googleSub', 'tenants', 'salt', 'hash']) {
      expect(after[field], `${attacker.name}: ${field}`).toEqual(before[field])
    }
    expect((await app.api.post('/api/users/login', { body: { email: target.email, password: PASSWORD } })).status).toBe(200)
  }

  it("should not let an admin of one of a person's schools change them", async () => {
    const northAdmin: Attacker = { name: "an admin of one of the person's schools", auth: async () => ({ token: await app.api.tokenOf(world.north.admin) }) }
    await attackPerson(northAdmin, world.twoSchools, ({ byPartialAdmin }) => (byPartialAdmin === 'credential rule' ? credentialRule() : byPartialAdmin))
  })

  it("should not let another school's admin or key, a student or a visitor change anyone", async () => {
    const target = world.north.instructor
    for (const attacker of [attackers.otherAdmin, attackers.otherKey, attackers.student, attackers.bridge, attackers.anonymous]) {
      const reach = await reachOf({ payload: app.payload, user: await userOf(app.payload, await attacker.auth()), slug: 'users', operation: 'update', id: target.id })
      // Anything the credential rule does not answer first is refused as the person is out of reach.
      await attackPerson(attacker, target, ({ byPartialAdmin }) => (byPartialAdmin === 'credential rule' ? credentialRule() : writeAnswer(reach)))
    }
  })
})
