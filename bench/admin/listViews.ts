import type { CollectionConfig, Where } from 'payload'

import { combineWhereConstraints, mergeListSearchAndWhere } from 'payload/shared'

import { AuditLogs } from '@/collections/AuditLogs'
import { Courses } from '@/collections/Courses'
import { Enrollments } from '@/collections/Enrollments'

import { intFromEnv } from '../shared/runInfo'

/** Who looks at the list: every school, or one school through the tenant selector. */
export type Viewer = 'super-admin' | 'school-admin'

/**
 * One state of a list view, as the admin panel's URL holds it: a page, a column sorted on
 * (a header clicked), a filter from the filter builder, a word typed in the search box.
 */
export type ListCase = { name: string; page?: number; sort?: string; where?: Where; search?: string }

export type ListView = {
  collection: CollectionConfig
  /** Whether the multi-tenant plugin narrows the list to the selected school (its `baseFilter`). */
  tenantScoped: boolean
  cases: ListCase[]
}

/** The filter builder's shape for one condition: `where[or][0][and][0][<field>][<operator>]=<value>`. */
const filter = (field: string, operator: string, value: string): Where => ({ or: [{ and: [{ [field]: { [operator]: value } }] }] })

/** Deep in the list: the admin pages through to page 500 (offset 4,990 at 10 a page); BENCH_DEEP_PAGE moves it. */
const DEEP_PAGE = intFromEnv(process.env.BENCH_DEEP_PAGE, 500)

/**
 * The list views measured: each collection's first page as it opens (its `defaultSort`, or
 * Payload's `-createdAt`), a page deep in it, sorted on a default column that is not the
 * default sort, filtered on a default column, and searched (the search box matches
 * `listSearchableFields`, else `useAsTitle`, with `like`).
 */
export const LIST_VIEWS: ListView[] = [
  {
    collection: Courses,
    tenantScoped: true,
    cases: [
      { name: 'first page' },
      { name: `page ${DEEP_PAGE}`, page: DEEP_PAGE },
      { name: 'sorted by title', sort: 'title' },
      { name: 'filter enrollmentPolicy = approval', where: filter('enrollmentPolicy', 'equals', 'approval') },
      { name: 'search "python"', search: 'python' },
    ],
  },
  {
    collection: Enrollments,
    tenantScoped: true,
    cases: [
      { name: 'first page' },
      { name: `page ${DEEP_PAGE}`, page: DEEP_PAGE },
      { name: 'sorted by progress', sort: '-progress' },
      { name: 'filter status = pending', where: filter('status', 'equals', 'pending') },
      { name: 'search "python"', search: 'python' },
    ],
  },
  {
    collection: AuditLogs,
    tenantScoped: false,
    cases: [
      { name: 'first page' },
      { name: `page ${DEEP_PAGE}`, page: DEEP_PAGE },
      { name: 'sorted by actorLabel', sort: 'actorLabel' },
      { name: 'filter action = login', where: filter('action', 'equals', 'login') },
      // One student of the school admin's school (the first): the `@` ends the name.
      { name: 'search "student-1-12@"', search: 'student-1-12@' },
    ],
  },
]

/** Serialises a nested object as qs does, the way Payload's REST API reads `where`: `where[or][0][title][like]=x`. */
const toQuery = (value: unknown, prefix: string, out: string[]): string[] => {
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      toQuery(inner, `${prefix}[${key}]`, out)
    }
  } else if (value !== undefined) {
    out.push(`${encodeURIComponent(prefix).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(String(value))}`)
  }
  return out
}

const whereQuery = (where: Where): string[] => Object.entries(where).flatMap(([key, value]) => toQuery(value, `where[${key}]`, []))

export type ListRequest = {
  /** `<collection> / <case> / <viewer>`. */
  label: string
  collection: string
  caseName: string
  viewer: Viewer
  /** The REST call carrying the list view's own `payload.find` arguments. */
  restPath: string
  /** The admin panel's URL for the same state. */
  adminPath: string
  /**
   * The same call as the list view would make it with `admin.enableListViewSelectAPI: true`:
   * selecting only the default columns instead of whole documents.
   */
  restPathWithColumns: string
}

/**
 * The REST call with the arguments `renderListView` (@payloadcms/next 3.90) gives the Local
 * API's `payload.find`: `depth: 0`, `draft: true`, `fallbackLocale: false`, the content
 * locale, `limit` from preferences (the collection's `defaultLimit`, 10), `page`, `sort` from
 * preferences or `defaultSort`, and `where` = the URL's filter and the plugin's tenant filter,
 * with the search merged in as `mergeListSearchAndWhere` merges it. No `select`: the list view
 * selects its columns only with `admin.enableListViewSelectAPI`, which no collection sets.
 * Access control applies as in the view (`overrideAccess: false`, the viewer's token).
 */
export const listRequest = (view: ListView, listCase: ListCase, viewer: Viewer, tenantId: number): ListRequest => {
  const { collection } = view
  const baseFilter: Where | undefined = view.tenantScoped && viewer === 'school-admin' ? { and: [{ tenant: { in: [tenantId] } }] } : undefined
  const filtered = combineWhereConstraints([listCase.where, baseFilter].filter((w): w is Where => Boolean(w)))
  const where = listCase.search
    ? mergeListSearchAndWhere({
        collectionConfig: collection as Parameters<typeof mergeListSearchAndWhere>[0]['collectionConfig'],
        search: listCase.search,
        where: filtered,
      })
    : filtered
  const limit = collection.admin?.pagination?.defaultLimit ?? 10
  const sort = listCase.sort ?? (typeof collection.defaultSort === 'string' ? collection.defaultSort : undefined)
  const rest = [
    'depth=0',
    'draft=true',
    'locale=en',
    'fallback-locale=none',
    `limit=${limit}`,
    `page=${listCase.page ?? 1}`,
    ...(sort ? [`sort=${encodeURIComponent(sort)}`] : []),
    ...whereQuery(where ?? {}),
  ]
  const admin = [
    ...(listCase.page ? [`page=${listCase.page}`] : []),
    ...(listCase.sort ? [`sort=${encodeURIComponent(listCase.sort)}`] : []),
    ...(listCase.where ? whereQuery(listCase.where) : []),
    ...(listCase.search ? [`search=${encodeURIComponent(listCase.search)}`] : []),
  ]
  return {
    label: `${collection.slug} / ${listCase.name} / ${viewer}`,
    collection: collection.slug,
    caseName: listCase.name,
    viewer,
    restPath: `/api/${collection.slug}?${rest.join('&')}`,
    restPathWithColumns: `/api/${collection.slug}?${[...rest, ...columnsSelect(collection)].join('&')}`,
    adminPath: `/admin/collections/${collection.slug}${admin.length ? `?${admin.join('&')}` : ''}`,
  }
}

/** `select[<column>]=true` for each default column, as the list view's `transformColumnsToSelect` makes it. */
const columnsSelect = (collection: CollectionConfig): string[] => (collection.admin?.defaultColumns ?? []).map((column) => `select[${column}]=true`)

export const VIEWERS: Viewer[] = ['super-admin', 'school-admin']

/** Every list view state for both viewers, collection by collection. */
export const allListRequests = (tenantId: number): ListRequest[] =>
  LIST_VIEWS.flatMap((view) => view.cases.flatMap((listCase) => VIEWERS.map((viewer) => listRequest(view, listCase, viewer, tenantId))))
