import type { CollectionSlug, SanitizedCollectionConfig } from 'payload'

import { formatNames, toWords } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { type Clamd, startClamd } from '../helpers/clamd'
import { createSchool, type School, uniq } from '../helpers/personas'
import { tenantDocumentMakers } from '../fixtures/tenantDocuments'
import { expectNoSchemaError, expectRefused } from '../helpers/graphql'

let app: TestApp
let clamd: Clamd
let north: School
let south: School
let collections: SanitizedCollectionConfig[]
const id = uniq()

/**
 * A collection belongs to tenants when it relates to them through a `tenant` or `tenants`
 * field (the plugin's tenant field, the audit trail's tenants), or is tenants or users itself.
 */
const isTenantOwned = (collection: SanitizedCollectionConfig): boolean =>
  collection.slug === 'tenants' ||
  collection.slug === 'users' ||
  collection.flattenedFields.some(
    (f) => (f.name === 'tenant' || f.name === 'tenants') && f.type === 'relationship' && f.relationTo === 'tenants',
  )

beforeAll(async () => {
  // The media fixture uploads a file, and every media file is scanned.
  clamd = await startClamd()
  app = await bootApp({ CLAMD_PORT: String(clamd.port) })
  north = await createSchool(app.payload, `iso-n-${id}`)
  south = await createSchool(app.payload, `iso-s-${id}`)
  collections = app.payload.config.collections.filter(isTenantOwned)
})

afterAll(async () => {
  await app.close()
  await clamd.stop()
})

const DENIED = [401, 403, 404]

/** The collection's GraphQL names, derived as Payload's GraphQL schema derives them. */
const graphQLNames = (collection: SanitizedCollectionConfig) => {
  const custom: { singularName?: string; pluralName?: string } = collection.graphQL || {}
  const fromSlug = formatNames(collection.slug)
  const singularName = custom.singularName ? toWords(custom.singularName, true) : fromSlug.singular
  const pluralName = custom.pluralName ? toWords(custom.pluralName, true) : fromSlug.plural
  return { singularName, pluralName: singularName === pluralName ? `all${singularName}` : pluralName }
}

/** A list or bulk answer either refuses outright or leaves the document out. */
const expectLeftOut = async (response: Response, docId: number, what: string) => {
  if (response.status !== 200) {
    expect(DENIED, `${what}: status`).toContain(response.status)
    return
  }
  const ids = ((await response.json()) as { docs: { id: number }[] }).docs.map((d) => d.id)
  expect(ids, what).not.toContain(docId)
}

describe('tenant isolation', () => {
  it('should cover every tenant-owned collection in the config', () => {
    const slugs = collections.map((c) => c.slug)
    expect(slugs).toEqual(expect.arrayContaining(['tenants', 'users', 'media', 'audit-logs']))
    const missing = slugs.filter((slug) => !tenantDocumentMakers[slug])
    expect(missing, 'add a maker to tests/fixtures/tenantDocuments.ts').toEqual([])
  })

  for (const attacker of ['admin', 'student'] as const) {
    it(`should keep north's documents from south's ${attacker}, over REST and GraphQL`, async () => {
      const person = south[attacker]
      const token = await app.api.login(person.email, person.password)
      for (const collection of collections) {
        const slug = collection.slug as CollectionSlug
        const docId = await tenantDocumentMakers[slug]!(app.payload, north.tenant.id)
        const original = (await app.payload.findByID({ collection: slug, id: docId, depth: 0, overrideAccess: true })) as { updatedAt?: string }
        const where = `where[id][equals]=${docId}`

        // REST: list (with and without a filter), read, update, delete.
        await expectLeftOut(await app.api.get(`/api/${slug}?limit=1000&depth=0`, { token }), docId, `${slug}: list`)
        await expectLeftOut(await app.api.get(`/api/${slug}?${where}&depth=0`, { token }), docId, `${slug}: filtered list`)
        expect(DENIED, `${slug}: read`).toContain((await app.api.get(`/api/${slug}/${docId}`, { token })).status)
        expect(DENIED, `${slug}: update`).toContain((await app.api.patch(`/api/${slug}/${docId}`, { token, body: {} })).status)
        await expectLeftOut(await app.api.patch(`/api/${slug}?${where}`, { token, body: {} }), docId, `${slug}: bulk update`)
        expect(DENIED, `${slug}: delete`).toContain((await app.api.delete(`/api/${slug}/${docId}`, { token })).status)
        await expectLeftOut(await app.api.delete(`/api/${slug}?${where}`, { token }), docId, `${slug}: bulk delete`)

        // GraphQL: the same four operations by the collection's GraphQL names.
        const { singularName, pluralName } = graphQLNames(collection)
        const listed = await app.api.graphql(`{ ${pluralName}(limit: 1000) { docs { id } } }`, {}, { token })
        expectNoSchemaError(listed, `${slug}: list`)
        const listedIds = ((listed.data?.[pluralName] as { docs: { id: number }[] } | null)?.docs ?? []).map((d) => d.id)
        if (!listed.errors?.length) {
          expect(listed.data?.[pluralName], `${slug}: GraphQL list answered`).toBeTruthy()
        }
        expect(listedIds, `${slug}: GraphQL list`).not.toContain(docId)
        const single = await app.api.graphql(`query($id: Int!) { ${singularName}(id: $id) { id } }`, { id: docId }, { token })
        expect(single.data?.[singularName] ?? null, `${slug}: GraphQL read`).toBeNull()
        expectNoSchemaError(single, `${slug}: read`)
        const updated = await app.api.graphql(`mutation($id: Int!) { update${singularName}(id: $id, data: {}) { id } }`, { id: docId }, { token })
        expectRefused(updated, `${slug}: GraphQL update`)
        const deleted = await app.api.graphql(`mutation($id: Int!) { delete${singularName}(id: $id) { id } }`, { id: docId }, { token })
        expectRefused(deleted, `${slug}: GraphQL delete`)

        // Nothing changed underneath.
        const after = (await app.payload.findByID({ collection: slug, id: docId, depth: 0, overrideAccess: true })) as { updatedAt?: string }
        expect(after.updatedAt, `${slug}: untouched`).toBe(original.updatedAt)
      }
    })
  }
})
