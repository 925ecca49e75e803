import type { GraphQLObjectType } from 'graphql'
import type { GraphQLExtension, PayloadRequest } from 'payload'

import { catalogFor, parseCatalogQuery } from '@/http/catalogRequest'
import { CATALOG_SORTS } from '@/domain/catalog/catalogQuery'

/**
 * `Catalog(...)`: the same public catalog as `GET /api/catalog`, with the same
 * parameters, rules and cache.
 */
export const catalogQueries: GraphQLExtension = (graphQL) => {
  const { GraphQLBoolean, GraphQLEnumType, GraphQLFloat, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLString } = graphQL
  const list = (type: GraphQLObjectType) => new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(type)))
  const Entry = new GraphQLObjectType({
    name: 'CatalogEntry',
    fields: { id: { type: new GraphQLNonNull(GraphQLInt) }, slug: { type: new GraphQLNonNull(GraphQLString) }, name: { type: GraphQLString } },
  })
  const EntryCount = new GraphQLObjectType({
    name: 'CatalogEntryCount',
    fields: {
      id: { type: new GraphQLNonNull(GraphQLInt) },
      slug: { type: new GraphQLNonNull(GraphQLString) },
      name: { type: GraphQLString },
      count: { type: new GraphQLNonNull(GraphQLInt) },
    },
  })
  const ValueCount = new GraphQLObjectType({
    name: 'CatalogValueCount',
    fields: { value: { type: new GraphQLNonNull(GraphQLString) }, count: { type: new GraphQLNonNull(GraphQLInt) } },
  })
  const Price = new GraphQLObjectType({
    name: 'CatalogPrice',
    fields: { amount: { type: new GraphQLNonNull(GraphQLFloat) }, currency: { type: new GraphQLNonNull(GraphQLString) } },
  })
  const Course = new GraphQLObjectType({
    name: 'CatalogCourse',
    fields: {
      id: { type: new GraphQLNonNull(GraphQLInt) },
      slug: { type: new GraphQLNonNull(GraphQLString) },
      title: { type: GraphQLString },
      summary: { type: GraphQLString },
      level: { type: GraphQLString },
      language: { type: GraphQLString },
      estimatedHours: { type: GraphQLFloat },
      price: { type: Price },
      enrollmentPolicy: { type: new GraphQLNonNull(GraphQLString) },
      startsAt: { type: GraphQLString },
      endsAt: { type: GraphQLString },
      category: { type: Entry },
      tags: { type: list(Entry) },
      coverUrl: { type: GraphQLString },
    },
  })
  const Facets = new GraphQLObjectType({
    name: 'CatalogFacets',
    fields: {
      categories: { type: list(EntryCount) },
      tags: { type: list(EntryCount) },
      levels: { type: list(ValueCount) },
      languages: { type: list(ValueCount) },
      price: {
        type: new GraphQLNonNull(
          new GraphQLObjectType({
            name: 'CatalogPriceFacet',
            fields: { free: { type: new GraphQLNonNull(GraphQLInt) }, paid: { type: new GraphQLNonNull(GraphQLInt) } },
          }),
        ),
      },
    },
  })
  const Result = new GraphQLObjectType({
    name: 'Catalog',
    fields: {
      docs: { type: list(Course) },
      totalDocs: { type: new GraphQLNonNull(GraphQLInt) },
      page: { type: new GraphQLNonNull(GraphQLInt) },
      limit: { type: new GraphQLNonNull(GraphQLInt) },
      totalPages: { type: new GraphQLNonNull(GraphQLInt) },
      hasNextPage: { type: new GraphQLNonNull(GraphQLBoolean) },
      hasPrevPage: { type: new GraphQLNonNull(GraphQLBoolean) },
      locale: { type: new GraphQLNonNull(GraphQLString) },
      facets: { type: new GraphQLNonNull(Facets) },
    },
  })
  const Sort = new GraphQLEnumType({ name: 'CatalogSort', values: Object.fromEntries(CATALOG_SORTS.map((s) => [s, { value: s }])) })
  return {
    Catalog: {
      type: new GraphQLNonNull(Result),
      args: {
        q: { type: GraphQLString },
        locale: { type: GraphQLString },
        category: { type: GraphQLString },
        tags: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)) },
        level: { type: GraphQLString },
        language: { type: GraphQLString },
        price: { type: GraphQLString },
        startsFrom: { type: GraphQLString },
        startsBefore: { type: GraphQLString },
        sort: { type: Sort },
        page: { type: GraphQLInt },
        limit: { type: GraphQLInt },
      },
      resolve: async (_root: unknown, args: Record<string, unknown>, context: { req: PayloadRequest }) => {
        const params = Object.fromEntries(
          Object.entries(args)
            .filter(([, value]) => value !== undefined && value !== null)
            .map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : String(value)]),
        )
        const { body } = await catalogFor(context.req, parseCatalogQuery(params))
        return JSON.parse(await body()) as unknown
      },
    },
  }
}
