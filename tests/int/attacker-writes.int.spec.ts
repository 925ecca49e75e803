import type { CollectionSlug } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CallOptions } from '../helpers/api'
import type { CollectionShape, FieldShape } from '../fuzz/manifest'

import { type Attacker, attackersOf, buildWorld, isTenantScoped, storedDoc, valueAt, type World } from '../attack/world'
import { type CreationBody, creationBodies } from '../fixtures/creationBodies'
import { bootApp, type TestApp } from '../helpers/boot'
import { type Clamd, startClamd } from '../helpers/clamd'
import { PASSWORD, uniq } from '../helpers/personas'

/**
 * The attacker suite, part two: writes across the boundary, generated from the config. Every
 * school-owned collection is created into the target school (school in the body, or picked by
 * the admin panel's tenant cookie) and its documents are moved there, over REST and GraphQL;
 * every relationship, upload and rich-text field is pointed at the target school's documents;
 * and people's credentials are changed by those who administer only some of their schools.
 */

let app: TestApp
let clamd: Clamd
let world: World
let attackers: ReturnType<typeof attackersOf>
let owned: CollectionShape[]

beforeAll(async () => {
  clamd = await startClamd()
  app = await bootApp({ CLAMD_PORT: String(clamd.port) })
  world = await buildWorld(app, 'atw')
  attackers = attackersOf(app, world)
  owned = world.collections.filter(isTenantScoped)
})

afterAll(async () => {
  await app.close()
  await clamd.stop()
})

const countIn = async (slug: string, tenant: number) =>
  (await app.payload.count({ collection: slug as CollectionSlug, where: { tenant: { equals: tenant } }, overrideAccess: true })).totalDocs

const send = (slug: string, body: CreationBody, options: CallOptions) =>
  app.api.post(`/api/${slug}`, { ...options, ...('json' in body ? { body: body.json } : { form: body.form() }) })

const withoutTenant = (body: CreationBody): CreationBody => {
  if ('form' in body) {
    return {
      form: () => {
        const form = body.form()
        const data = JSON.parse(String(form.get('_payload'))) as Record<string, unknown>
        delete data.tenant
        form.set('_payload', JSON.stringify(data))
        return form
      },
    }
  }
  const { tenant: _tenant, ...json } = body.json
  return { json }
}

const tenantCookie = (tenant: number) => ({ cookie: `payload-tenant=${tenant}` })

type Gql = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { statusCode?: number } }[] }

describe('creating into another school', () => {
  it('should refuse every attacker, by body and by tenant cookie, over REST and GraphQL, and create for the school itself', async () => {
    const northId = world.north.tenant.id
    const adminAuth = { token: await app.api.tokenOf(world.north.admin) }
    for (const collection of owned) {
      // Collections only the system creates get a bare body: the school alone must already be refused.
      const make = creationBodies[collection.slug] ?? (({ tenant }) => ({ json: { tenant } }))
      for (const attacker of [attackers.bridge, attackers.otherAdmin, attackers.otherKey, attackers.student, attackers.anonymous]) {
        const auth: CallOptions = await attacker.auth()
        const body = make(await world.partsOf(world.north))
        const before = await countIn(collection.slug, northId)
        const byBody = await send(collection.slug, body, auth)
        const byCookie = await send(collection.slug, withoutTenant(body), { ...auth, headers: { ...auth.headers, ...tenantCookie(northId) } })
        expect([collection.slug, attacker.name, byBody.status, byCookie.status].join(' ')).toMatch(/ (400|401|403) (400|401|403)$/)
        if (collection.graphQL && 'json' in body && creationBodies[collection.slug]) {
          const { singular } = collection.graphQL
          const gql = (await app.api.graphql(`mutation($data: mutation${singular}Input!) { create${singular}(data: $data) { id } }`, { data: body.json }, auth)) as Gql
          expect(gql.errors?.[0]?.extensions?.statusCode, `${collection.slug} ${attacker.name}: GraphQL ${gql.errors?.[0]?.message}`).toBeOneOf([400, 401, 403])
        }
        expect(await countIn(collection.slug, northId), `${collection.slug} ${attacker.name}: nothing created`).toBe(before)
      }
      if (creationBodies[collection.slug]) {
        // The same bodies are sound: the school's own admin creates with them.
        const own = await send(collection.slug, make(await world.partsOf(world.north)), adminAuth)
        expect(own.status, `${collection.slug}: created by the school's admin: ${await own.clone().text()}`).toBe(201)
        const byCookie = await send(collection.slug, withoutTenant(make(await world.partsOf(world.north))), { ...adminAuth, headers: tenantCookie(northId) })
        expect(byCookie.status, `${collection.slug}: created by cookie`).toBe(201)
      }
    }
  })
})

describe('moving into another school', () => {
  it("should keep every document in its school, whoever administers it and however it is asked", async () => {
    for (const collection of owned) {
      const docId = world.southDocs.get(collection.slug)!
      // The school's own admin and key, and an instructor there who is only a student of the target school.
      for (const attacker of [attackers.otherAdmin, attackers.otherKey, attackers.bridge]) {
        const auth: CallOptions = await attacker.auth()
        const rest = await app.api.patch(`/api/${collection.slug}/${docId}`, { ...auth, body: { tenant: world.north.tenant.id } })
        expect([collection.slug, attacker.name, rest.status].join(' ')).toMatch(/ (400|403)$/)
        const bulk = await app.api.patch(`/api/${collection.slug}?where[id][equals]=${docId}`, { ...auth, body: { tenant: world.north.tenant.id } })
        expect([200, 400, 403], `${collection.slug} bulk`).toContain(bulk.status)
        if (collection.graphQL) {
          const { singular } = collection.graphQL
          const gql = (await app.api.graphql(`mutation($id: Int!, $t: Int) { update${singular}(id: $id, data: { tenant: $t }) { id } }`, { id: docId, t: world.north.tenant.id }, auth)) as Gql
          expect(gql.errors?.length ?? 0, `${collection.slug}: GraphQL move`).toBeGreaterThan(0)
        }
        expect(valueAt(await storedDoc(app.payload, collection.slug, docId), 'tenant'), `${collection.slug}: still in its school`).toBe(world.south.tenant.id)
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

/** A body setting one field at a dotted path, arrays getting one row. */
const bodyFor = (collection: CollectionShape, path: string, value: unknown): Record<string, unknown> => {
  const segments = path.split('.')
  const build = (depth: number, prefix: string): unknown => {
    if (depth === segments.length) {
      return value
    }
    const inner = { [segments[depth]!]: build(depth + 1, `${prefix}${prefix ? '.' : ''}${segments[depth]}`) }
    const container = collection.fields.find((f) => f.path === prefix)
    return container?.type === 'array' ? [inner] : inner
  }
  return build(0, '') as Record<string, unknown>
}

const referenceFields = (collection: CollectionShape): FieldShape[] =>
  collection.fields.filter((f) => (f.type === 'relationship' || f.type === 'upload' || f.type === 'richText') && f.path !== 'tenant' && f.relationTo !== 'tenants')

describe('pointing into another school', () => {
  it('should refuse every relationship, upload and rich-text field that names another school\'s document', async () => {
    const auth = await attackers.otherAdmin.auth()
    let attacked = 0
    for (const collection of owned) {
      const docId = world.southDocs.get(collection.slug)!
      for (const field of referenceFields(collection)) {
        const before = valueAt(await storedDoc(app.payload, collection.slug, docId), field.path)
        const response = await app.api.patch(`/api/${collection.slug}/${docId}`, { ...auth, body: bodyFor(collection, field.path, foreignValue(field)) })
        const what = `${collection.slug}.${field.path}`
        if (response.status === 400) {
          const body = (await response.json()) as { errors: { data?: { errors?: { path: string; message: string }[] } }[] }
          const problems = body.errors.flatMap((e) => e.data?.errors ?? [])
          // Refused on the field itself: by the tenant boundary ("Choose … of this school") or the collection's own rule.
          expect(problems.some((p) => p.path.replace(/\.\d+\./g, '.').replace(/\.\d+$/, '') === field.path), `${what}: ${JSON.stringify(problems)}`).toBe(true)
          attacked += 1
        } else {
          // A field the requester may not write (the system's own) is left as it was.
          expect([200, 403], what).toContain(response.status)
        }
        expect(valueAt(await storedDoc(app.payload, collection.slug, docId), field.path), `${what}: unchanged`).toEqual(before)
      }
    }
    // The school's admin writes most reference fields: most of them were really attacked.
    expect(attacked).toBeGreaterThan(10)
  })
})

describe("changing people's credentials", () => {
  const attempts: Record<string, unknown>[] = [
    { password: 'Taken-over-1' },
    { email: `taken-${uniq()}@attack.example` },
    { _verified: false },
    { platformRole: 'super-admin' },
    { googleSub: 'attacker-google' },
    { tenants: [] },
  ]

  const attackPerson = async (attacker: Attacker, target: { id: number; email: string }, expectedStatus: number[]) => {
    const before = await storedDoc(app.payload, 'users', target.id)
    const auth = await attacker.auth()
    for (const body of attempts) {
      const response = await app.api.patch(`/api/users/${target.id}`, { ...auth, body })
      expect(expectedStatus, `${attacker.name}: ${Object.keys(body)[0]} → ${response.status} ${await response.clone().text()}`).toContain(response.status)
    }
    const unlock = await app.api.post('/api/users/unlock', { ...auth, body: { email: target.email } })
    expect([401, 403], `${attacker.name}: unlock`).toContain(unlock.status)
    const after = await storedDoc(app.payload, 'users', target.id)
    for (const field of ['email', 'pendingEmail', '_verified', 'platformRole', 'googleSub', 'tenants', 'salt', 'hash']) {
      expect(after[field], `${attacker.name}: ${field}`).toEqual(before[field])
    }
    expect((await app.api.post('/api/users/login', { body: { email: target.email, password: PASSWORD } })).status).toBe(200)
  }

  it("should not let an admin of one of a person's schools change them", async () => {
    const northAdmin: Attacker = { name: "an admin of one of the person's schools", auth: async () => ({ token: await app.api.tokenOf(world.north.admin) }) }
    // Fields only the system writes are dropped (200); the others are refused. Either way nothing changes.
    await attackPerson(northAdmin, world.twoSchools, [200, 400, 403])
  })

  it("should not let another school's admin or key, a student or a visitor change anyone", async () => {
    for (const attacker of [attackers.otherAdmin, attackers.otherKey, attackers.student, attackers.anonymous]) {
      await attackPerson(attacker, world.north.instructor, [400, 403])
    }
  })
})
