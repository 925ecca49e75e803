import type { Endpoint, FlattenedField, SanitizedCollectionConfig, SanitizedConfig } from 'payload'

import { formatNames, toWords } from 'payload'

/** A field as the fuzzer needs it: its query path and what values it holds. */
export type FieldShape = {
  path: string
  type: string
  options?: string[]
  relationTo?: string | string[]
  hasMany?: boolean
}

export type EndpointShape = { method: string; path: string }

export type CollectionShape = {
  slug: string
  graphQL: { singular: string; plural: string } | null
  /** Whether Payload serves REST routes for it (`endpoints: false` turns them all off). */
  rest: boolean
  upload: boolean
  auth: boolean
  drafts: boolean
  fields: FieldShape[]
  endpoints: EndpointShape[]
}

export type Manifest = {
  collections: CollectionShape[]
  globals: { slug: string; fields: FieldShape[] }[]
  endpoints: EndpointShape[]
}

const optionValues = (field: FlattenedField): string[] | undefined =>
  'options' in field && Array.isArray(field.options) ? field.options.map((o) => (typeof o === 'string' ? o : o.value)) : undefined

/** Every data field with its dotted query path, through groups, arrays, tabs and blocks. */
const shapesOf = (fields: FlattenedField[], prefix = ''): FieldShape[] =>
  fields.flatMap((field): FieldShape[] => {
    if (!('name' in field) || field.type === 'join') {
      return []
    }
    const path = prefix ? `${prefix}.${field.name}` : field.name
    if (field.type === 'group' || field.type === 'tab' || field.type === 'array') {
      return [
        ...(field.type === 'array' ? [{ path, type: 'array' }] : []),
        ...shapesOf(field.flattenedFields, path),
      ]
    }
    if (field.type === 'blocks') {
      return [{ path, type: 'blocks' }]
    }
    return [
      {
        path,
        type: field.type,
        options: optionValues(field),
        relationTo: 'relationTo' in field ? field.relationTo : undefined,
        hasMany: 'hasMany' in field ? Boolean(field.hasMany) : undefined,
      },
    ]
  })

const endpointsOf = (endpoints: Endpoint[] | false | undefined): EndpointShape[] =>
  (endpoints || []).map((endpoint) => ({ method: endpoint.method, path: endpoint.path }))

/** GraphQL names as Payload's schema derives them from the collection's slug or settings. */
const graphQLNamesOf = (collection: SanitizedCollectionConfig): CollectionShape['graphQL'] => {
  if (collection.graphQL === false) {
    return null
  }
  const custom: { singularName?: string; pluralName?: string } = collection.graphQL || {}
  const fromSlug = formatNames(collection.slug)
  const singular = custom.singularName ? toWords(custom.singularName, true) : fromSlug.singular
  const plural = custom.pluralName ? toWords(custom.pluralName, true) : fromSlug.plural
  return { singular, plural: singular === plural ? `all${singular}` : plural }
}

/** What of the config a fuzzer attacks: every collection, global and endpoint, as plain data. */
export const buildManifest = (config: SanitizedConfig): Manifest => ({
  collections: config.collections.map((collection) => ({
    slug: collection.slug,
    graphQL: graphQLNamesOf(collection),
    rest: collection.endpoints !== false,
    upload: Boolean(collection.upload),
    auth: Boolean(collection.auth),
    drafts: Boolean(collection.versions && typeof collection.versions === 'object' && collection.versions.drafts),
    fields: shapesOf(collection.flattenedFields),
    endpoints: endpointsOf(collection.endpoints),
  })),
  globals: config.globals.map((global) => ({ slug: global.slug, fields: shapesOf(global.flattenedFields) })),
  endpoints: endpointsOf(config.endpoints),
})
