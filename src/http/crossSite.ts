import type { TenantResolution } from '@/tenancy/resolveTenant'

import { settings } from '@/settings'

import { isAllowedOrigin } from './allowedOrigins'

const CORS_METHODS = 'GET, POST, PATCH, PUT, DELETE, OPTIONS'
const CORS_HEADERS = 'Content-Type, Authorization, X-Tenant, Accept-Language'

/**
 * A top-level navigation (a link followed, a redirect, an address typed) that only reads:
 * what SameSite=Lax cookies are sent with from another site. It cannot read the answer
 * nor change anything, and a provider's redirect back to a sign-in callback is one.
 * Frames and embeds navigate too, but are not top-level (`Sec-Fetch-Dest`).
 */
const isTopLevelNavigation = (request: Request): boolean =>
  (request.method === 'GET' || request.method === 'HEAD') &&
  request.headers.get('sec-fetch-mode') === 'navigate' &&
  request.headers.get('sec-fetch-dest') === 'document'

/**
 * Whether the cookies of this request may be used. With an Origin header, it decides:
 * the origin must be one we trust. Without one, the Fetch Metadata headers do: anything
 * but a cross-site request, or a cross-site top-level navigation that only reads.
 * Non-browser clients send neither header.
 */
export const cookiesHonoured = (request: Request, resolution: TenantResolution): boolean => {
  const origin = request.headers.get('origin')
  if (origin) {
    return isAllowedOrigin(origin, resolution)
  }
  return request.headers.get('sec-fetch-site') !== 'cross-site' || isTopLevelNavigation(request)
}

const rebuild = async (request: Request, edit: (headers: Headers) => void): Promise<Request> => {
  const headers = new Headers(request.headers)
  edit(headers)
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  return new Request(request.url, { method: request.method, headers, body: hasBody ? await request.arrayBuffer() : undefined })
}

/**
 * What Payload should see of a request that carries cookies. Payload checks cookie
 * origins against a fixed list (the server URL); the gate knows the tenants' origins
 * too, so it decides: from another site the cookies are dropped (an Authorization
 * header still works), unless the request is a top-level navigation that only reads;
 * from a trusted one Payload is shown the platform origin.
 */
export const forPayload = async (request: Request, resolution: TenantResolution): Promise<Request> => {
  if (!request.headers.has('cookie')) {
    return request
  }
  if (!cookiesHonoured(request, resolution)) {
    return rebuild(request, (headers) => headers.delete('cookie'))
  }
  const platform = new URL(settings.serverUrl).origin
  if (request.headers.get('origin') === platform) {
    return request
  }
  return rebuild(request, (headers) => {
    headers.set('origin', platform)
    headers.delete('sec-fetch-site')
  })
}

/** CORS headers for a trusted origin; none for anyone else. */
export const corsHeaders = (request: Request, resolution: TenantResolution): Record<string, string> => {
  const origin = request.headers.get('origin')
  if (!origin || !isAllowedOrigin(origin, resolution)) {
    return {}
  }
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Methods': CORS_METHODS,
    'Access-Control-Allow-Headers': CORS_HEADERS,
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  }
}
