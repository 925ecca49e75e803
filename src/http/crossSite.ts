import type { TenantResolution } from '@/tenancy/resolveTenant'

import { settings } from '@/settings'

import { isAllowedOrigin } from './allowedOrigins'

const CORS_METHODS = 'GET, POST, PATCH, PUT, DELETE, OPTIONS'
const CORS_HEADERS = 'Content-Type, Authorization, X-Tenant, Accept-Language'

/**
 * Whether a browser sent this request from an origin we trust. Without an Origin
 * header, the Fetch Metadata header decides; non-browser clients send neither.
 */
export const fromTrustedSite = (request: Request, resolution: TenantResolution): boolean => {
  const origin = request.headers.get('origin')
  if (origin) {
    return isAllowedOrigin(origin, resolution)
  }
  return request.headers.get('sec-fetch-site') !== 'cross-site'
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
 * header still works); from a trusted one Payload is shown the platform origin.
 */
export const forPayload = async (request: Request, resolution: TenantResolution): Promise<Request> => {
  if (!request.headers.has('cookie')) {
    return request
  }
  if (!fromTrustedSite(request, resolution)) {
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
