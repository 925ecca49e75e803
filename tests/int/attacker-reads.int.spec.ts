import type { CollectionSlug } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CallOptions } from '../helpers/api'

import { type Attacker, attackersOf, buildWorld, isTenantScoped, UNREACHABLE, type World } from '../attack/world'
import { creationBodies } from '../fixtures/creationBodies'
import { tenantDocumentMakers } from '../fixtures/tenantDocuments'
import { bootApp, type TestApp } from '../helpers/boot'
import { type Clamd, startClamd } from '../helpers/clamd'
import { expectNoSchemaError } from '../helpers/graphql'

/**
 * The attacker suite, part one: every collection of the config (ours, Payload's own, and any
 * added later) is listed, read, changed and deleted by those who must not: another school's
 * admin and API key, anonymous visitors, and (for changes) a student of the target school. Over
 * REST and GraphQL, by the collection's own names. A new collection fails the first test until
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
  await app.close()
  await clamd.stop()
})

/** Answers that refuse: access denied, or nothing there for this person. Never a 5xx. */
const REFUSED = [401, 403, 404]

type Gql = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { statusCode?: number } }[] }

const graphql = async (attacker: Attacker, query: string, variables: Record<string, unknown> = {}): Promise<Gql> =>
  (await app.api.graphql(query, variables, await attacker.auth())) as Gql

/** A GraphQL refusal: errors from access control (not from a query the schema does not know), no data. */
const expectGraphQLRefused = (result: Gql, what: string) => {
  expect(result.errors?.length ?? 0, `${what}: refused`).toBeGreaterThan(0)
  expectNoSchemaError(result, what)
  for (const error of result.errors ?? []) {
    expect(REFUSED, `${what}: ${error.message}`).toContain(error.extensions?.statusCode ?? 403)
  }
}

/** A list either refuses outright or leaves the document out, and never fails. */
const expectLeftOut = async (response: Response, docId: number, what: string) => {
  if (response.status !== 200) {
    expect(REFUSED, `${what}: status`).toContain(response.status)
    return
  }
  const body = (await response.json()) as { docs: { id: number }[]; errors?: unknown[] }
  expect(body.docs.map((d) => d.id), what).not.toContain(docId)
  expect(body.errors ?? [], `${what}: no failures in a bulk answer`).toEqual([])
}

/**
 * A read by ID refuses, or (where the route reads by another key, as Payload's preferences do,
 * by key for the requester) answers without the document.
 */
const expectNotReturned = async (response: Response, docId: number, what: string) => {
  if (response.status !== 200) {
    expect(REFUSED, what).toContain(response.status)
    return
  }
  expect(((await response.json()) as { id?: unknown }).id, what).not.toBe(docId)
}

const updatedAt = async (slug: string, id: number) =>
  ((await app.payload.findByID({ collection: slug as CollectionSlug, id, depth: 0, overrideAccess: true })) as { updatedAt?: string }).updatedAt

describe('the attacker suite covers the config', () => {
  it('should have a document for every collection clients reach, and a creation for every school-owned one', () => {
    const reachable = world.collections.filter((c) => !UNREACHABLE.has(c.slug)).map((c) => c.slug)
    expect(reachable.filter((slug) => !world.northDocs.has(slug)), 'add a maker to tests/fixtures/tenantDocuments.ts').toEqual([])
    const owned = world.collections.filter(isTenantScoped).map((c) => c.slug)
    expect(owned.length).toBeGreaterThan(10)
    expect(owned.filter((slug) => !(slug in creationBodies)), 'add a body to tests/fixtures/creationBodies.ts').toEqual([])
    expect(Object.keys(tenantDocumentMakers).every((slug) => reachable.includes(slug))).toBe(true)
  })
})

const attackReads = (attacker: () => Attacker) => async () => {
  const who = attacker()
  const auth: CallOptions = await who.auth()
  for (const collection of world.collections.filter((c) => world.northDocs.has(c.slug))) {
    const { slug } = collection
    const docId = world.northDocs.get(slug)!
    const before = await updatedAt(slug, docId)
    const where = `where[id][equals]=${docId}`
    const what = (action: string) => `${who.name} → ${slug}: ${action}`

    await expectLeftOut(await app.api.get(`/api/${slug}?limit=1000&depth=0`, auth), docId, what('list'))
    await expectLeftOut(await app.api.get(`/api/${slug}?${where}&depth=0`, auth), docId, what('filtered list'))
    await expectNotReturned(await app.api.get(`/api/${slug}/${docId}`, auth), docId, what('read'))
    expect(REFUSED, what('update')).toContain((await app.api.patch(`/api/${slug}/${docId}`, { ...auth, body: {} })).status)
    await expectLeftOut(await app.api.patch(`/api/${slug}?${where}`, { ...auth, body: {} }), docId, what('bulk update'))
    expect(REFUSED, what('delete')).toContain((await app.api.delete(`/api/${slug}/${docId}`, auth)).status)
    await expectLeftOut(await app.api.delete(`/api/${slug}?${where}`, auth), docId, what('bulk delete'))

    if (collection.graphQL) {
      const { singular, plural } = collection.graphQL
      const listed = await graphql(who, `{ ${plural}(limit: 1000) { docs { id } } }`)
      expectNoSchemaError(listed, what('GraphQL list'))
      expect(((listed.data?.[plural] as { docs: { id: number }[] } | null)?.docs ?? []).map((d) => d.id), what('GraphQL list')).not.toContain(docId)
      const single = await graphql(who, `query($id: Int!) { ${singular}(id: $id) { id } }`, { id: docId })
      expectNoSchemaError(single, what('GraphQL read'))
      expect(single.data?.[singular] ?? null, what('GraphQL read')).toBeNull()
      expectGraphQLRefused(await graphql(who, `mutation($id: Int!) { update${singular}(id: $id, data: {}) { id } }`, { id: docId }), what('GraphQL update'))
      expectGraphQLRefused(await graphql(who, `mutation($id: Int!) { delete${singular}(id: $id) { id } }`, { id: docId }), what('GraphQL delete'))
    }
    expect(await updatedAt(slug, docId), what('untouched')).toBe(before)
  }
}

describe('reading and changing another school', () => {
  it("should keep everything from another school's admin", attackReads(() => attackers.otherAdmin))
  it("should keep everything from another school's API key", attackReads(() => attackers.otherKey))
  it('should keep everything from anonymous visitors', attackReads(() => attackers.anonymous))
})

describe('a lesser role in the target school', () => {
  it("should change and delete nothing that is not the student's own", async () => {
    const who = attackers.student
    const auth = await who.auth()
    for (const collection of world.collections.filter((c) => world.northDocs.has(c.slug))) {
      const { slug } = collection
      const docId = world.northDocs.get(slug)!
      const before = await updatedAt(slug, docId)
      const what = (action: string) => `${who.name} → ${slug}: ${action}`
      expect(REFUSED, what('update')).toContain((await app.api.patch(`/api/${slug}/${docId}`, { ...auth, body: {} })).status)
      await expectLeftOut(await app.api.patch(`/api/${slug}?where[id][equals]=${docId}`, { ...auth, body: {} }), docId, what('bulk update'))
      expect(REFUSED, what('delete')).toContain((await app.api.delete(`/api/${slug}/${docId}`, auth)).status)
      if (collection.graphQL) {
        const { singular } = collection.graphQL
        expectGraphQLRefused(await graphql(who, `mutation($id: Int!) { update${singular}(id: $id, data: {}) { id } }`, { id: docId }), what('GraphQL update'))
        expectGraphQLRefused(await graphql(who, `mutation($id: Int!) { delete${singular}(id: $id) { id } }`, { id: docId }), what('GraphQL delete'))
      }
      expect(await updatedAt(slug, docId), what('untouched')).toBe(before)
    }
  })
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
