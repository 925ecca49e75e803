import type { ArgumentNode, ValueNode } from 'graphql'

import { Kind, parse, visit } from 'graphql'

import { settings } from '@/settings'

const WHOLE = /^\d{1,9}$/

type Paging = { limit?: unknown; page?: unknown; depth?: unknown; pagination?: unknown }

/** What is wrong with a parameter, and which. */
export type ParameterProblem = { path: string; message: string }

/**
 * Why the paging a client asked for is refused, or undefined: a page of 1 to QUERY_MAX_LIMIT
 * documents, pages from 1, depth from 0 to 10, and no "everything at once" (Payload reads every
 * document for `limit=0`, or `pagination=false` without a limit).
 */
const pagingProblem = ({ limit, page, depth, pagination }: Paging): ParameterProblem | undefined => {
  const { maxLimit } = settings.query
  const whole = (value: unknown) => (typeof value === 'number' ? Number.isInteger(value) && value >= 0 : typeof value === 'string' && WHOLE.test(value))
  if (limit !== undefined && !(whole(limit) && Number(limit) >= 1 && Number(limit) <= maxLimit)) {
    return { path: 'limit', message: `limit is a whole number from 1 to ${maxLimit}.` }
  }
  if (page !== undefined && !(whole(page) && Number(page) >= 1 && Number(page) <= 1_000_000)) {
    return { path: 'page', message: 'page is a whole number from 1 to 1,000,000.' }
  }
  if (depth !== undefined && !(whole(depth) && Number(depth) <= 10)) {
    return { path: 'depth', message: 'depth is a whole number from 0 to 10.' }
  }
  if (pagination !== undefined && !['true', 'false', true, false].includes(pagination as string)) {
    return { path: 'pagination', message: 'pagination is true or false.' }
  }
  if ((pagination === 'false' || pagination === false) && limit === undefined) {
    return { path: 'limit', message: `Give a limit (at most ${maxLimit}) with pagination=false.` }
  }
  return undefined
}

const BOOLEAN_PARAMETERS = ['draft', 'trash', 'overrideLock', 'flattenLocales', 'autosave', 'publishAllLocales', 'unpublishAllLocales']

/** The paging (and flags) of a REST read: its query string's `limit`, `page`, `depth`, `pagination`. */
export const restPagingProblem = (request: Request): ParameterProblem | undefined => {
  if (request.method !== 'GET') {
    return undefined
  }
  const params = new URL(request.url).searchParams
  const value = (name: string) => params.get(name) ?? undefined
  const flag = BOOLEAN_PARAMETERS.find((name) => params.has(name) && !['true', 'false', ''].includes(params.get(name)!))
  if (flag) {
    return { path: flag, message: `${flag} is true or false.` }
  }
  return pagingProblem({ limit: value('limit'), page: value('page'), depth: value('depth'), pagination: value('pagination') })
}

const argumentValue = (node: ValueNode, variables: Record<string, unknown>): unknown => {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value]
    case Kind.INT:
      return Number(node.value)
    case Kind.BOOLEAN:
      return node.value
    case Kind.FLOAT:
      return Number(node.value)
    default:
      return undefined
  }
}

/** The same rules for every list a GraphQL operation asks for (`limit`, `page`, `pagination` arguments). */
export const graphqlPagingProblem = (query: string, variables: unknown): string | undefined => {
  let document
  try {
    document = parse(query)
  } catch {
    // Payload reports syntax errors itself.
    return undefined
  }
  const values = typeof variables === 'object' && variables !== null ? (variables as Record<string, unknown>) : {}
  let problem: ParameterProblem | undefined
  visit(document, {
    Field(node) {
      const args = Object.fromEntries((node.arguments ?? []).map((arg: ArgumentNode) => [arg.name.value, argumentValue(arg.value, values)]))
      if ('limit' in args || 'page' in args || 'pagination' in args) {
        problem ??= pagingProblem({ limit: args.limit, page: args.page, pagination: args.pagination })
      }
    },
  })
  return problem?.message
}

/** A query parameter that must hold JSON (`where=…`, `data=…` as a string) but does not: Payload would fail parsing it. */
export const malformedJsonParameter = (params: URLSearchParams): string | undefined => {
  for (const name of ['where', 'data']) {
    const value = params.get(name)
    if (value !== null && value.length > 0) {
      try {
        JSON.parse(value)
      } catch {
        return `"${name}" must be JSON, or given as ${name}[field][operator]=value.`
      }
    }
  }
  return undefined
}

