import type { CollectionSlug, Payload } from 'payload'

import type { CallOptions } from '../helpers/api'
import type { TestApp } from '../helpers/boot'

import { type CollectionShape, buildManifest } from '../fuzz/manifest'
import { tenantDocumentMakers } from '../fixtures/tenantDocuments'
import { createCourse } from '../helpers/courses'
import { createPerson, createSchool, createSuperAdmin, type Persona, type School, uniq } from '../helpers/personas'

/** Someone attacking, and how their requests authenticate. */
export type Attacker = { name: string; auth: () => Promise<CallOptions> }

export type World = {
  north: School
  south: School
  root: Persona
  /** An instructor in south who is only a student in north: the "lesser role" of the target school. */
  bridge: Persona
  /** A student of both schools: north's admin administers only one of their schools. */
  twoSchools: Persona
  southKey: string
  collections: CollectionShape[]
  /** One document of every collection in each school (Payload's own made as the admin panel makes them). */
  northDocs: Map<string, number>
  southDocs: Map<string, number>
  /** Fresh parts of a school for a creation: a course and a student. */
  partsOf: (school: School) => Promise<{ tenant: number; course: number; student: number; instructor: number }>
}

/** Payload's own collections, with a document of north's as the admin panel would leave one. */
const payloadDocumentMakers: Record<string, (payload: Payload, north: School, course: number) => Promise<number>> = {
  'payload-locked-documents': async (payload, north, course) =>
    ((await payload.db.create({ collection: 'payload-locked-documents' as CollectionSlug, data: { document: { relationTo: 'courses', value: course }, user: { relationTo: 'users', value: north.admin.id } } })) as { id: number }).id,
  'payload-preferences': async (payload, north) =>
    ((await payload.db.create({ collection: 'payload-preferences', data: { key: `probe-${uniq()}`, value: { columns: [] }, user: { relationTo: 'users', value: north.admin.id } } })) as { id: number }).id,
  'payload-jobs': async (payload) => (await payload.jobs.queue({ task: 'expireEnrollments', input: {} })).id as number,
  // Payload's key-value store, as its own adapter writes an entry.
  'payload-kv': async (payload) => {
    const key = `probe-${uniq()}`
    await payload.kv.set(key, { probe: true })
    const entry = await payload.db.findOne<{ id: number }>({ collection: 'payload-kv' as CollectionSlug, where: { key: { equals: key } } })
    if (!entry) {
      throw new Error('the key-value store kept nothing')
    }
    return entry.id
  },
}

/** Whether any client reaches the collection: Payload serves it over REST, GraphQL or both. */
export const isReachable = (collection: CollectionShape): boolean => collection.rest || collection.graphQL !== null

export const isTenantScoped = (collection: CollectionShape): boolean =>
  collection.fields.some((f) => f.path === 'tenant' && f.relationTo === 'tenants')

const issueKey = async (app: TestApp, school: School): Promise<string> => {
  const response = await app.api.post('/api/api-keys', { token: await app.api.tokenOf(school.admin), body: { name: `attacker ${uniq()}`, tenant: school.tenant.id } })
  const key = ((await response.json()) as { doc?: { key?: string } }).doc?.key
  if (!key) {
    throw new Error(`could not issue an API key: ${response.status}`)
  }
  return key
}

export const buildWorld = async (app: TestApp, prefix: string): Promise<World> => {
  const id = uniq()
  const north = await createSchool(app.payload, `${prefix}-n-${id}`)
  const south = await createSchool(app.payload, `${prefix}-s-${id}`)
  const root = await createSuperAdmin(app.payload, `${prefix}-${id}`)
  const bridge = await createPerson(app.payload, {
    email: `bridge-${id}@attack.example`,
    tenants: [
      { tenant: south.tenant.id, roles: ['instructor'] },
      { tenant: north.tenant.id, roles: ['student'] },
    ],
  })
  const twoSchools = await createPerson(app.payload, {
    email: `two-${id}@attack.example`,
    tenants: [
      { tenant: north.tenant.id, roles: ['student'] },
      { tenant: south.tenant.id, roles: ['student'] },
    ],
  })
  const collections = buildManifest(app.payload.config).collections
  const northDocs = new Map<string, number>()
  const southDocs = new Map<string, number>()
  const northCourse = (await createCourse(app.payload, north.tenant.id)).id
  for (const collection of collections) {
    const maker = tenantDocumentMakers[collection.slug]
    if (maker) {
      northDocs.set(collection.slug, await maker(app.payload, north.tenant.id))
      southDocs.set(collection.slug, await maker(app.payload, south.tenant.id))
    } else if (payloadDocumentMakers[collection.slug]) {
      northDocs.set(collection.slug, await payloadDocumentMakers[collection.slug]!(app.payload, north, northCourse))
    }
  }
  const partsOf = async (school: School) => ({
    tenant: school.tenant.id,
    course: (await createCourse(app.payload, school.tenant.id, { instructors: [school.instructor.id] })).id,
    student: (await createPerson(app.payload, { email: `part-${uniq()}@attack.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })).id,
    instructor: school.instructor.id,
  })
  return { north, south, root, bridge, twoSchools, southKey: await issueKey(app, south), collections, northDocs, southDocs, partsOf }
}

export const attackersOf = (app: TestApp, world: World) => {
  const person = (name: string, who: Persona): Attacker => ({ name, auth: async () => ({ token: await app.api.tokenOf(who) }) })
  return {
    otherAdmin: person("another school's admin", world.south.admin),
    otherKey: { name: "another school's API key", auth: async () => ({ headers: { authorization: `Bearer ${world.southKey}` } }) } satisfies Attacker,
    student: person("the target school's student", world.north.student),
    bridge: person('a student of the target school who teaches elsewhere', world.bridge),
    anonymous: { name: 'anonymous', auth: async () => ({}) } satisfies Attacker,
  }
}

/** The value a stored document holds at a dotted path, relationships as IDs. */
export const valueAt = (doc: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (Array.isArray(value) ? value.map((v) => (v as Record<string, unknown>)?.[key]) : (value as Record<string, unknown> | undefined)?.[key]), doc)

export const storedDoc = (payload: Payload, collection: string, id: number) =>
  payload.findByID({ collection: collection as CollectionSlug, id, depth: 0, overrideAccess: true, showHiddenFields: true }) as unknown as Promise<Record<string, unknown>>
