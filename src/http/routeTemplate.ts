import type { Endpoint, Payload } from 'payload'

/**
 * The route template a REST or GraphQL request matched ("/api/courses/:id/enroll"), from the
 * endpoints Payload's config declares (Payload's own and ours), for metrics labelled by route.
 * A path no endpoint declares is "/api/:unmatched": label values must stay few whatever clients
 * send, or every probe for a random path would make a new series.
 */
type Pattern = { segments: string[]; method: string; template: string; literals: number }

const compiled = new WeakMap<Payload['config'], Pattern[]>()

const pattern = (prefix: string, endpoint: Endpoint): Pattern => {
  const segments = `${prefix}${endpoint.path === '/' ? '' : endpoint.path}`.split('/').filter(Boolean)
  return {
    segments,
    method: endpoint.method.toUpperCase(),
    template: `/api/${segments.map((s) => s.replace(/\?$/, '')).join('/')}`,
    literals: segments.filter((s) => !s.startsWith(':')).length,
  }
}

const patternsOf = (config: Payload['config']): Pattern[] => {
  let patterns = compiled.get(config)
  if (!patterns) {
    const endpoints = (list: Endpoint[] | false | undefined) => (Array.isArray(list) ? list : [])
    patterns = [
      ...endpoints(config.endpoints).map((e) => pattern('', e)),
      ...config.collections.flatMap((c) => endpoints(c.endpoints).map((e) => pattern(`/${c.slug}`, e))),
      ...config.globals.flatMap((g) => endpoints(g.endpoints).map((e) => pattern(`/globals/${g.slug}`, e))),
    ]
      // The most specific first: "/courses/count" before "/courses/:id".
      .sort((a, b) => b.literals - a.literals)
    compiled.set(config, patterns)
  }
  return patterns
}

const matches = (p: Pattern, segments: string[]): boolean => {
  const required = p.segments.filter((s) => !s.endsWith('?')).length
  if (segments.length < required || segments.length > p.segments.length) {
    return false
  }
  return segments.every((segment, i) => {
    const expected = p.segments[i]!
    return expected.startsWith(':') || expected === segment
  })
}

/** The template of `pathname` (under /api) for `method`, as declared in Payload's config. */
export const apiRouteTemplate = (payload: Payload, method: string, pathname: string): string => {
  const segments = pathname.replace(/^\/api\/?/, '').split('/').filter(Boolean)
  if (segments[0] === 'graphql' && segments.length === 1) {
    return '/api/graphql'
  }
  const patterns = patternsOf(payload.config).filter((p) => matches(p, segments))
  return (patterns.find((p) => p.method === method.toUpperCase()) ?? patterns[0])?.template ?? '/api/:unmatched'
}

const PAGE_ROOTS = new Set(['admin', 'learn', 'verify', '_next', '.well-known', 'api', 'metrics', 'favicon.ico'])

/** The template of a request the app never named (pages, static files, refusals before the API): its first segment. */
export const pageRouteTemplate = (pathname: string): string => {
  const [first, ...rest] = pathname.split('/').filter(Boolean)
  if (first === undefined) {
    return '/'
  }
  return PAGE_ROOTS.has(first) ? `/${first}${rest.length > 0 ? '/*' : ''}` : '/:other'
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/** A method label: the standard ones as they are, anything else as "OTHER". */
export const methodLabel = (method: string | undefined): string => (method && METHODS.has(method) ? method : 'OTHER')
