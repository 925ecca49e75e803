import type { CollectionShape, FieldShape, Manifest } from './manifest'

/** Who sends a case: the platform operator reaches every check; visitors hit the public edges. */
export type Sender = 'root' | 'anonymous'

export type Case = {
  label: string
  as: Sender
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  /** Path and query string, encoded as sent. */
  path: string
  /** A JSON body (serialised), or a raw body with its content type. */
  body?: unknown
  raw?: { text: string; type: string }
  /** A GraphQL operation, sent to /api/graphql. */
  graphql?: { query: string; variables?: Record<string, unknown> }
}

export const OPERATORS = [
  'equals', 'not_equals', 'in', 'not_in', 'all', 'exists', 'greater_than', 'greater_than_equal',
  'less_than', 'less_than_equal', 'like', 'not_like', 'contains', 'near', 'within', 'intersects',
] as const

/** Malformed query values, as text; `%`-escapes are sent as they are. */
const QUERY_VALUES = [
  '', 'abc', '-1', '0', '1.5', '1e309', 'NaN', '99999999999999999999', '2147483648', 'true', 'null', '[]',
  '2026-13-45', '99999-01-01', '-001000-01-01T00:00:00Z', '0000-00-00', '%00', 'x%00y', "'%3B--", '%25', '..%2F..%2Fetc',
  '%ED%A0%80', '%C3%BC', 'a'.repeat(400), '1,2,x', '%0A', '[object Object]',
]

/** Values by field type that slip past a type check and might still reach the database badly. */
const TYPED: Record<string, string[]> = {
  date: ['2026-13-45', '99999-01-01', '275760-09-14', '-271821-04-19', '1e12', 'yesterday'],
  number: ['1e309', '99999999999999999999', '-0', '0x10', '1_000'],
  relationship: ['abc', '99999999999', '-5', '1.5', '%00'],
  upload: ['abc', '99999999999', '-5'],
  select: ['not-an-option', '', '%00'],
  radio: ['not-an-option'],
  checkbox: ['maybe', '2', ''],
  point: ['1,2', 'abc', '1,2,3,4', '999,999'],
  json: ['{', '%00', '{"a":1}'],
  text: ['%00', 'a'.repeat(400)],
  email: ['%00', 'not-an-email'],
}

/** Bad JSON values for writes, by field type, beside those for every field. */
const WRITE_VALUES: Record<string, unknown[]> = {
  any: [12345, true, [], {}, 'x\u0000y', { id: 'x' }, [{}], -1],
  date: ['2026-13-45', '99999-01-01T00:00:00Z', '-271821-04-19T00:00:00Z', '', 1e15],
  number: [1e300, -1e300, 2147483648, 99999999999999, '12', 0.5],
  relationship: [99999999999, 2147483647, 'abc', { relationTo: 'nope', value: 1 }, [2147483647, 'x']],
  upload: [99999999999, 2147483647, 'abc'],
  select: ['not-an-option', ['not-an-option']],
  text: ['a'.repeat(70_000), '\u0000'],
  email: ['not-an-email', 'a@b\u0000c.d'],
  json: ['{', { deep: { deeper: { deepest: [1, 2, { x: '\u0000' }] } } }],
  point: [[999, 999], ['a', 'b'], [1]],
  richText: [{ root: 'x' }, { root: { children: [{ type: 'upload', relationTo: 'media', value: 2147483647 }] } }],
}

const rotate = <T>(values: T[], seed: number, count: number): T[] =>
  Array.from({ length: Math.min(count, values.length) }, (_, i) => values[(seed + i * 7) % values.length]!)

const hash = (text: string): number => [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7)

/** Paths a `where` may name: scalar fields (array and block containers are not queried whole). */
const queryable = (collection: CollectionShape): FieldShape[] => [
  { path: 'id', type: 'number' },
  ...collection.fields.filter((f) => f.type !== 'array' && f.type !== 'blocks' && f.type !== 'ui'),
]

/** Values that a `like` inside JSON turns into a regular expression that may not compile. */
const PATTERN_VALUES = ['%2Bx', 'a%2B%2B', '(', '*']

/** Conditions and sorts inside a JSON or rich-text field's stored value: the adapter writes them as JSON path queries. */
const insideJsonCases = (base: string, slug: string, path: string): Case[] => [
  ...OPERATORS.flatMap((operator) => {
    const seed = hash(`${slug}.${path}.inside.${operator}`)
    return [...rotate(QUERY_VALUES, seed, 1), ...rotate(PATTERN_VALUES, seed, 1)].map((value): Case => ({
      label: `where ${path}.a.b ${operator} ${value.slice(0, 20)}`,
      as: 'root',
      method: 'GET',
      path: `${base}?limit=1&depth=0&where[${path}.a.b][${operator}]=${value}`,
    }))
  }),
  { label: `where ${path}.0`, as: 'root', method: 'GET', path: `${base}?limit=1&where[${path}.0][equals]=1` },
  { label: `where ${path}.a.0.b`, as: 'root', method: 'GET', path: `${base}?limit=1&where[${path}.a.0.b][like]=x` },
  { label: `sort ${path}.a`, as: 'root', method: 'GET', path: `${base}?limit=1&sort=-${path}.a` },
  { label: `sort ${path}.0`, as: 'root', method: 'GET', path: `${base}?limit=1&sort=${path}.0` },
]

const whereCases = (collection: CollectionShape): Case[] => {
  const cases: Case[] = []
  const base = `/api/${collection.slug}`
  for (const field of queryable(collection)) {
    for (const operator of OPERATORS) {
      const seed = hash(`${collection.slug}.${field.path}.${operator}`)
      // One value that fits the field's type badly and one malformed for any field, rotating with the seed.
      const values = [...rotate(TYPED[field.type] ?? TYPED.text!, seed, 1), ...rotate(QUERY_VALUES, seed, 1)]
      for (const value of values) {
        cases.push({ label: `where ${field.path} ${operator} ${value.slice(0, 20)}`, as: 'root', method: 'GET', path: `${base}?limit=1&depth=0&where[${field.path}][${operator}]=${value}` })
      }
    }
    if (field.type === 'json' || field.type === 'richText') {
      cases.push(...insideJsonCases(base, collection.slug, field.path))
    }
    const seed = hash(field.path)
    cases.push(
      { label: `where ${field.path} in[]`, as: 'root', method: 'GET', path: `${base}?limit=1&where[${field.path}][in][0]=${rotate(QUERY_VALUES, seed, 1)[0]}&where[${field.path}][in][1]=1` },
      { label: `where ${field.path} object value`, as: 'root', method: 'GET', path: `${base}?limit=1&where[${field.path}][equals][$gt]=1` },
      { label: `where ${field.path} no operator`, as: 'root', method: 'GET', path: `${base}?limit=1&where[${field.path}]=1` },
      { label: `where ${field.path} unknown operator`, as: 'root', method: 'GET', path: `${base}?limit=1&where[${field.path}][bogus]=1` },
      { label: `sort ${field.path}`, as: 'root', method: 'GET', path: `${base}?limit=1&sort=${field.path}` },
      { label: `sort -${field.path}`, as: 'root', method: 'GET', path: `${base}?limit=1&sort=-${field.path}` },
      { label: `count where ${field.path}`, as: 'root', method: 'GET', path: `${base}/count?where[${field.path}][equals]=${rotate(TYPED[field.type] ?? QUERY_VALUES, seed, 1)[0]}` },
    )
  }
  for (const raw of ['where[or][0]=x', 'where[and]=x', 'where[or][0][and][0][id][equals]=abc', 'where=%7B', 'where[nonexistent][equals]=1', 'where[id.id.id][equals]=1', 'where[__proto__][equals]=1', 'where[constructor][prototype][x]=1']) {
    cases.push({ label: raw, as: 'root', method: 'GET', path: `${base}?limit=1&${raw}` })
  }
  return cases
}

const PAGING = [
  'limit=-1', 'limit=0', 'limit=abc', 'limit=1.5', 'limit=1e9', 'limit=99999999999', 'limit=1001',
  'page=-5', 'page=0', 'page=abc', 'page=1e20', 'page=99999999999', 'limit=-1&page=-5',
  'depth=-1', 'depth=99', 'depth=abc', 'pagination=maybe', 'pagination=false', 'draft=maybe', 'trash=yes',
  'locale=xx', 'locale=%00', 'fallback-locale=xx', 'select[x]=true', 'select=abc', 'populate[x][y]=true', 'joins=abc',
  'sort=', 'sort=,', 'sort=--title', 'sort=a.b.c.d.e', 'sort=%00', 'sort[0][x]=1', 'sort=nonexistent',
]

const pagingCases = (collection: CollectionShape): Case[] =>
  PAGING.map((query) => ({ label: query, as: 'root', method: 'GET', path: `/api/${collection.slug}?${query}` }))

const BAD_IDS = ['abc', '-1', '0', '1.5', '99999999999999999999', '2147483648', '%00', '%20', 'null', '1e3', '%2E%2E']

const idCases = (collection: CollectionShape): Case[] =>
  BAD_IDS.flatMap((id): Case[] => [
    { label: `GET id ${id}`, as: 'root', method: 'GET', path: `/api/${collection.slug}/${id}` },
    { label: `PATCH id ${id}`, as: 'root', method: 'PATCH', path: `/api/${collection.slug}/${id}`, body: {} },
    { label: `DELETE id ${id}`, as: 'root', method: 'DELETE', path: `/api/${collection.slug}/${id}` },
  ])

const writeCases = (collection: CollectionShape, existingId: number | undefined): Case[] => {
  const cases: Case[] = []
  for (const field of collection.fields) {
    const values = [...rotate(WRITE_VALUES.any!, hash(field.path), 3), ...(WRITE_VALUES[field.type] ?? [])]
    for (const value of values) {
      const body = field.path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value)
      const label = `${field.path} = ${JSON.stringify(value)?.slice(0, 30)}`
      cases.push({ label: `create ${label}`, as: 'root', method: 'POST', path: `/api/${collection.slug}`, body })
      if (existingId !== undefined) {
        cases.push({ label: `update ${label}`, as: 'root', method: 'PATCH', path: `/api/${collection.slug}/${existingId}`, body })
      }
    }
  }
  for (const text of ['{', '[]', '"x"', 'null', '{"a":'.repeat(200), '\u0000']) {
    cases.push({ label: `create raw ${text.slice(0, 10)}`, as: 'root', method: 'POST', path: `/api/${collection.slug}`, raw: { text, type: 'application/json' } })
  }
  cases.push({ label: 'create multipart garbage', as: 'root', method: 'POST', path: `/api/${collection.slug}`, raw: { text: '--x\r\nContent-Disposition: form-data; name="_payload"\r\n\r\n{bad\r\n--x--\r\n', type: 'multipart/form-data; boundary=x' } })
  return cases
}

/** GraphQL: malformed where values, paging and ids by each collection's GraphQL names. */
const graphqlCases = (collection: CollectionShape): Case[] => {
  if (!collection.graphQL) {
    return []
  }
  const { plural, singular } = collection.graphQL
  const cases: Case[] = []
  for (const field of queryable(collection).filter((f) => !f.path.includes('.'))) {
    for (const [operator, value] of [
      ['equals', '99999-01-01'],
      ['greater_than', '2026-13-45'],
      ['like', 'x\u0000y'],
      ['in', ['abc', '99999999999']],
      ['exists', 'maybe'],
      ['near', 'x'],
    ] as const) {
      cases.push({
        label: `GraphQL ${plural} where ${field.path} ${operator}`,
        as: 'root',
        method: 'POST',
        path: '/api/graphql',
        graphql: { query: `query($w: ${singular}_where) { ${plural}(where: $w, limit: 1) { totalDocs } }`, variables: { w: { [field.path]: { [operator]: value } } } },
      })
    }
  }
  for (const args of ['limit: -1', 'page: -5', 'limit: -1, page: -5', 'limit: 0', 'page: 0', 'sort: "--x"', 'sort: "nonexistent"', 'locale: xx']) {
    cases.push({ label: `GraphQL ${plural}(${args})`, as: 'root', method: 'POST', path: '/api/graphql', graphql: { query: `{ ${plural}(${args}) { totalDocs } }` } })
  }
  for (const id of ['"abc"', '99999999999', '-1', '0']) {
    cases.push({ label: `GraphQL ${singular}(id: ${id})`, as: 'root', method: 'POST', path: '/api/graphql', graphql: { query: `{ ${singular}(id: ${id}) { id } }` } })
  }
  return cases
}

const PARAMS = ['abc', '-1', '99999999999', '%00', '%2E%2E', 'a'.repeat(300), '1']
const QUERIES = ['', '?token=%00', `?token=${'a'.repeat(300)}`, '?format=csv&atRiskDays=-1', '?atRiskDays=abc', '?q=%00&locale=xx&limit=-1&page=-5', '?returnTo=%0A%2Fx', '?where[x][equals]=1&from=99999-01-01&to=x']
const BODIES: Case['raw'][] = [
  { text: '{', type: 'application/json' },
  { text: '[]', type: 'application/json' },
  { text: '{"token":123,"email":{},"password":[],"reason":{"x":1},"note":5,"points":"x","release":"yes","text":null}', type: 'application/json' },
  { text: '{"a":'.repeat(300), type: 'application/json' },
  { text: 'email\n\u0000\n', type: 'text/csv' },
  { text: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF\r\n--x--\r\n', type: 'multipart/form-data; boundary=x' },
  { text: 'x', type: 'application/x-www-form-urlencoded' },
]

/** Every endpoint, Payload's and ours: path parameters, query and body, as anyone and as the operator. */
const endpointCases = (manifest: Manifest): Case[] => {
  const routes = [
    ...manifest.endpoints.map((e) => ({ ...e, prefix: '/api' })),
    ...manifest.collections.flatMap((c) => c.endpoints.map((e) => ({ ...e, prefix: `/api/${c.slug}` }))),
  ]
  const cases: Case[] = []
  for (const route of routes) {
    const method = route.method.toUpperCase() as Case['method']
    if (!['GET', 'POST', 'PATCH', 'DELETE'].includes(method)) {
      continue
    }
    const seed = hash(`${route.prefix}${route.path}${method}`)
    for (const param of rotate(PARAMS, seed, 3)) {
      const path = `${route.prefix}${route.path === '/' ? '' : route.path.replace(/:[A-Za-z]+/g, param)}`
      // The operator's own session must outlive the run: logging out is tried by visitors only.
      for (const as of route.path === '/logout' ? (['anonymous'] as const) : (['root', 'anonymous'] as const)) {
        for (const query of rotate(QUERIES, seed + param.length, 2)) {
          if (method === 'GET' || method === 'DELETE') {
            cases.push({ label: `${method} ${route.prefix}${route.path}`, as, method, path: `${path}${query}` })
          } else {
            for (const raw of rotate(BODIES, seed + query.length, 2)) {
              cases.push({ label: `${method} ${route.prefix}${route.path} ${raw!.type}`, as, method, path: `${path}${query}`, raw })
            }
          }
        }
      }
    }
  }
  return cases
}

/**
 * Requests generated from the config: for every collection, field and `where` operator,
 * malformed values; sort and paging; malformed IDs; malformed writes; GraphQL arguments; and
 * every endpoint's path, query and body. A collection, field or endpoint added later is
 * attacked without touching this file. `existing` names one document per collection to update.
 */
export const fuzzCases = (manifest: Manifest, existing: Record<string, number> = {}): Case[] => [
  ...manifest.collections.flatMap((collection) => [
    ...whereCases(collection),
    ...pagingCases(collection),
    ...idCases(collection),
    ...writeCases(collection, existing[collection.slug]),
    ...graphqlCases(collection),
  ]),
  ...manifest.globals.flatMap((global): Case[] =>
    ['GET', 'POST'].map((method) => ({ label: `${method} global ${global.slug}`, as: 'root', method: method as Case['method'], path: `/api/globals/${global.slug}?depth=-1&locale=xx`, ...(method === 'POST' ? { body: { x: '\u0000' } } : {}) })),
  ),
  ...endpointCases(manifest),
]
