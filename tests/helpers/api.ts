import crypto from 'node:crypto'

type Routes = {
  GET: RouteHandler
  POST: RouteHandler
  PATCH: RouteHandler
  PUT: RouteHandler
  DELETE: RouteHandler
  OPTIONS: RouteHandler
  GRAPHQL: RouteHandler
}
type RouteHandler = (request: Request, context: { params: Promise<{ slug: string[] }> }) => Promise<Response>

export type CallOptions = {
  body?: unknown
  /** Sent as is: text for malformed JSON, or a stream to see how much of a body was read. */
  rawBody?: string | ReadableStream<Uint8Array>
  /** A multipart form (files); the boundary header is set by the request. */
  form?: FormData
  token?: string
  tenant?: string
  host?: string
  ip?: string
  headers?: Record<string, string>
}

/** Payload's message when access control refuses an operation, over REST and GraphQL alike. */
export const FORBIDDEN_MESSAGE = 'You are not allowed to perform this action.'

/** A random documentation-range address, so rate limits of one test never touch another. */
export const freshIp = (): string => `198.51.${crypto.randomInt(0, 256)}.${crypto.randomInt(1, 255)}`

/**
 * Calls the same route handlers Next serves under /api, in process: the tenant
 * gate and Payload's REST and GraphQL handling run exactly as in the app.
 */
export const apiClient = (routes: Routes, origin: string) => {
  const call = async (method: keyof Omit<Routes, 'GRAPHQL'>, path: string, options: CallOptions = {}) => {
    const url = new URL(path, origin)
    const headers = new Headers(options.headers)
    headers.set('x-aqoon-client-ip', options.ip ?? freshIp())
    if (options.host) {
      headers.set('host', options.host)
    } else {
      headers.set('host', url.host)
    }
    if (options.tenant) {
      headers.set('x-tenant', options.tenant)
    }
    if (options.token) {
      headers.set('authorization', `JWT ${options.token}`)
    }
    let body: string | FormData | ReadableStream<Uint8Array> | undefined
    if (options.form !== undefined) {
      body = options.form
    } else if (options.rawBody !== undefined) {
      body = options.rawBody
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body)
    }
    if (typeof body === 'string' && !headers.has('content-type')) {
      headers.set('content-type', 'application/json')
    }
    // A stream body must be declared half-duplex (Node's fetch).
    const request = new Request(url, { method, headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit)
    const slug = url.pathname.replace(/^\/api\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
    return routes[method](request, { params: Promise.resolve({ slug }) })
  }

  const graphql = async (query: string, variables: Record<string, unknown> = {}, options: CallOptions = {}) => {
    const headers = new Headers(options.headers)
    headers.set('content-type', 'application/json')
    headers.set('x-aqoon-client-ip', options.ip ?? freshIp())
    if (options.token) {
      headers.set('authorization', `JWT ${options.token}`)
    }
    if (options.tenant) {
      headers.set('x-tenant', options.tenant)
    }
    const request = new Request(new URL('/api/graphql', origin), {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    })
    const response = await routes.GRAPHQL(request, { params: Promise.resolve({ slug: [] }) })
    return (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] }
  }

  const tokens = new Map<string, string>()

  /** Logs in over REST and returns the JWT. */
  const login = async (email: string, password: string, options: CallOptions = {}): Promise<string> => {
    const response = await call('POST', '/api/users/login', { ...options, body: { email, password } })
    const json = (await response.json()) as { token?: string; errors?: unknown }
    if (!response.ok || !json.token) {
      throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(json)}`)
    }
    return json.token
  }

  return {
    get: (path: string, options?: CallOptions) => call('GET', path, options),
    post: (path: string, options?: CallOptions) => call('POST', path, options),
    patch: (path: string, options?: CallOptions) => call('PATCH', path, options),
    put: (path: string, options?: CallOptions) => call('PUT', path, options),
    delete: (path: string, options?: CallOptions) => call('DELETE', path, options),
    /** A CORS preflight, as a browser sends it before a cross-origin request. */
    options: (path: string, options?: CallOptions) => call('OPTIONS', path, options),
    graphql,
    login,
    /** Logs a person in once per client; the token serves the rest of the test file. */
    tokenOf: async (person: { email: string; password: string }): Promise<string> => {
      const known = tokens.get(person.email)
      if (known) {
        return known
      }
      const token = await login(person.email, person.password)
      tokens.set(person.email, token)
      return token
    },
  }
}

export type ApiClient = ReturnType<typeof apiClient>
