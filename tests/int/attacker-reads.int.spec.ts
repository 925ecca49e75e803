import type { TypedUser } from 'payload'

import { formatNames } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CallOptions } from '../helpers/api'
import type { CollectionShape } from '../fuzz/manifest'

import { expectGraphQL, expectRest, type Gql, listAnswer, NOT_FOUND, readAnswer, success, UNAUTHORIZED, bulkWriteAnswer, writeAnswer } from '../attack/answers'
import { type Reach, reachOf, userOf } from '../attack/reach'
import { type Attacker, attackersOf, buildWorld, isReachable, isTenantScoped, storedDoc, type World } from '../attack/world'
import { creationBodies } from '../fixtures/creationBodies'
import { tenantDocumentMakers } from '../fixtures/tenantDocuments'
import { bootApp, type TestApp } from '../helpers/boot'
import { forgetZoomJobs } from '../helpers/zoomJobs'
import { type Clamd, startClamd } from '../helpers/clamd'
import { CATEGORIES, COURSES, TAGS, TENANTS } from '@/shared/slugs'

/**
 * The attacker suite, part one: every collection of the config (ours, Payload's own, and any
 * added later) is listed, read, changed and deleted by those who must not: another school's
 * admin and API key, anonymous visitors, and people with a lesser role in the target school.
 * Over REST and GraphQL, by the collection's own names. Each answer is the exact one Payload
 * gives for the requester's access rule (refused, or the document out of their reach); what
 * may be reached at all is asserted on its own. A new collection fails the first test until
 * tests/fixtures has a document maker (and, if a school owns it, a creation body) for it.
 */

let app: TestApp
let clamd: Clamd
let world: World
let attackers: ReturnType<typeof attackersOf>

beforeAll(async () => {
  // Fixtures upload files; every upload is scanned.
  clamd = await startClamd()
  app = await bootApp({ CLAMD_PORT: String(clamd.port) })
  world = await buildWorld(app, 'atr')
  attackers = attackersOf(app, world)
})

afterAll(async () => {
  await forgetZoomJobs(app?.payload)
  await app.close()
  await clamd.stop()
})

/**
 * What a student of a school may read of the school's documents made here: the school itself
 * and its published catalogue. Everything else (other people, their enrollments, work and
 * certificates, unpublished or unused files, the school's settings and records) stays out of reach.
 */
const OPEN_TO_STUDENTS: ReadonlySet<string> = new Set([TENANTS, COURSES, CATEGORIES, TAGS])

const graphql = async (auth: CallOptions, query: string, variables: Record<string, unknown> = {}): Promise<Gql> =>
  (await app.api.graphql(query, variables, auth)) as Gql

/** Payload's preferences are read and deleted by key, for the requester alone: a route of the collection's own. */
const routedByKey = (collection: CollectionShape, method: string): boolean => collection.endpoints.some((e) => e.method === method && e.path === '/:key')

/** What changes when a document is written: its `updatedAt`, or (without timestamps) the document itself. */
const fingerprint = async (slug: string, id: number): Promise<unknown> => {
  const doc = await storedDoc(app.payload, slug, id)
  return doc.updatedAt ?? doc
}

describe('the attacker suite covers the config', () => {
  it('should have a document for every collection clients reach, and a creation for every school-owned one', () => {
    const reachable = world.collections.filter(isReachable).map((c) => c.slug)
    expect(reachable.filter((slug) => !world.northDocs.has(slug)), 'add a maker to tests/fixtures/tenantDocuments.ts or tests/attack/world.ts').toEqual([])
    const owned = world.collections.filter(isTenantScoped).map((c) => c.slug)
    expect(owned.length).toBeGreaterThan(10)
    expect(owned.filter((slug) => !(slug in creationBodies)), 'add a body to tests/fixtures/creationBodies.ts').toEqual([])
    expect(Object.keys(tenantDocumentMakers).every((slug) => reachable.includes(slug))).toBe(true)
  })

  it('should find no route, REST or GraphQL, to a collection Payload serves none for', async () => {
    const unserved = world.collections.filter((c) => !isReachable(c))
    const schema = await graphql({ token: await app.api.tokenOf(world.root) }, '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }')
    const types = schema.data?.__schema as { queryType: { fields: { name: string }[] }; mutationType: { fields: { name: string }[] } }
    const operations = [...types.queryType.fields, ...types.mutationType.fields].map((f) => f.name)
    for (const { slug } of unserved) {
      // The names its queries and mutations would have, had Payload built them.
      const { singular, plural } = formatNames(slug)
      expect(operations.filter((name) => name.includes(singular) || name.includes(plural)), slug).toEqual([])
      for (const auth of [{ token: await app.api.tokenOf(world.root) }, {}]) {
        const what = `${slug} ${auth.token ? 'as the platform' : 'anonymously'}`
        await expectRest(await app.api.get(`/api/${slug}`, auth), NOT_FOUND, `${what}: list`)
        await expectRest(await app.api.get(`/api/${slug}/1`, auth), NOT_FOUND, `${what}: read`)
        await expectRest(await app.api.post(`/api/${slug}`, { ...auth, body: {} }), NOT_FOUND, `${what}: create`)
        await expectRest(await app.api.patch(`/api/${slug}/1`, { ...auth, body: {} }), NOT_FOUND, `${what}: update`)
        await expectRest(await app.api.delete(`/api/${slug}/1`, auth), NOT_FOUND, `${what}: delete`)
      }
    }
  })
})

/**
 * Who attacks: an outsider of the target school must reach none of its documents; a lesser role
 * inside it reads exactly what students may read (OPEN_TO_STUDENTS) and changes nothing.
 */
type Stance = 'outsider' | 'student'

const attackSchool = (attacker: () => Attacker, stance: Stance) => async () => {
  const who = attacker()
  const auth: CallOptions = await who.auth()
  const user: TypedUser | null = await userOf(app.payload, auth)
  for (const collection of world.collections.filter((c) => world.northDocs.has(c.slug))) {
    const { slug } = collection
    const docId = world.northDocs.get(slug)!
    const before = await fingerprint(slug, docId)
    const where = `where[id][equals]=${docId}`
    const what = (action: string) => `${who.name} → ${slug}: ${action}`
    const reach = (operation: 'read' | 'update' | 'delete'): Promise<Reach> => reachOf({ payload: app.payload, user, slug, operation, id: docId })
    const [read, update, remove] = [await reach('read'), await reach('update'), await reach('delete')]
    const mayRead = stance === 'student' && OPEN_TO_STUDENTS.has(slug)
    expect(read === 'granted', what(mayRead ? 'readable, as the rule says' : 'out of reach')).toBe(mayRead)

    if (collection.rest) {
      await expectRest(await app.api.get(`/api/${slug}?limit=1000&depth=0`, auth), listAnswer(read), what('list'), docId)
      await expectRest(await app.api.get(`/api/${slug}?${where}&depth=0`, auth), listAnswer(read), what('filtered list'), docId)
      if (routedByKey(collection, 'get')) {
        // The ID is read as a key the requester never saved: Payload answers 200 with no value.
        const body = (await expectRest(await app.api.get(`/api/${slug}/${docId}`, auth), success(200, false), what('read by key'), docId)) as { value?: unknown }
        expect(body.value, what('read by key')).toBeNull()
      } else {
        await expectRest(await app.api.get(`/api/${slug}/${docId}`, auth), readAnswer(read), what('read'), docId)
      }
      await expectRest(await app.api.patch(`/api/${slug}/${docId}`, { ...auth, body: {} }), writeAnswer(update), what('update'))
      await expectRest(await app.api.patch(`/api/${slug}?${where}`, { ...auth, body: {} }), bulkWriteAnswer(update), what('bulk update'), docId)
      const deletion = routedByKey(collection, 'delete') ? (user ? NOT_FOUND : UNAUTHORIZED) : writeAnswer(remove)
      await expectRest(await app.api.delete(`/api/${slug}/${docId}`, auth), deletion, what('delete'))
      await expectRest(await app.api.delete(`/api/${slug}?${where}`, auth), bulkWriteAnswer(remove), what('bulk delete'), docId)
    }

    if (collection.graphQL) {
      const { singular, plural } = collection.graphQL
      const id = { id: docId }
      expectGraphQL(await graphql(auth, `{ ${plural}(limit: 1000) { docs { id } } }`), plural, listAnswer(read), what('GraphQL list'), docId)
      expectGraphQL(await graphql(auth, `query($id: Int!) { ${singular}(id: $id) { id } }`, id), singular, readAnswer(read), what('GraphQL read'), docId)
      expectGraphQL(await graphql(auth, `mutation($id: Int!) { update${singular}(id: $id, data: {}) { id } }`, id), `update${singular}`, writeAnswer(update), what('GraphQL update'))
      expectGraphQL(await graphql(auth, `mutation($id: Int!) { delete${singular}(id: $id) { id } }`, id), `delete${singular}`, writeAnswer(remove), what('GraphQL delete'))
    }
    expect(await fingerprint(slug, docId), what('untouched')).toEqual(before)
  }
}

describe('reading and changing another school', () => {
  it("should keep everything from another school's admin", attackSchool(() => attackers.otherAdmin, 'outsider'))
  it("should keep everything from another school's API key", attackSchool(() => attackers.otherKey, 'outsider'))
  it('should keep everything from anonymous visitors', attackSchool(() => attackers.anonymous, 'outsider'))
})

describe('a lesser role in the target school', () => {
  it("should let a student read the school's catalogue and nothing else, and change nothing", attackSchool(() => attackers.student, 'student'))
  it('should give a student who teaches in another school no more', attackSchool(() => attackers.bridge, 'student'))
})

describe("Payload's own globals", () => {
  it('should be read by the platform only and written by nobody', async () => {
    for (const global of app.payload.config.globals) {
      for (const attacker of Object.values(attackers)) {
        const auth = await attacker.auth()
        expect([attacker.name, (await app.api.get(`/api/globals/${global.slug}`, auth)).status]).toEqual([attacker.name, 403])
        expect([attacker.name, (await app.api.post(`/api/globals/${global.slug}`, { ...auth, body: {} })).status]).toEqual([attacker.name, 403])
      }
    }
  })
})
