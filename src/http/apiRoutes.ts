import type { SanitizedConfig } from 'payload'

import {
  GRAPHQL_POST,
  REST_DELETE,
  REST_GET,
  REST_OPTIONS,
  REST_PATCH,
  REST_POST,
  REST_PUT,
} from '@payloadcms/next/routes'
import { getPayload } from 'payload'

import { resolveTenant } from '@/tenancy/resolveTenant'

type RouteContext = { params: Promise<{ slug: string[] }> }
type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>

const errorResponse = (status: number, message: string): Response =>
  Response.json({ errors: [{ message }] }, { status, headers: { 'Cache-Control': 'no-store' } })

/**
 * Before Payload sees a request, find its tenant: an unknown one is a 404, a
 * suspended one serves nothing (403), to anonymous visitors and members alike.
 */
const withTenantGate =
  (config: Promise<SanitizedConfig>, handler: RouteHandler): RouteHandler =>
  async (request, context) => {
    const payload = await getPayload({ config })
    const resolution = await resolveTenant(payload, request.headers)
    if (resolution.kind === 'unknown') {
      return errorResponse(404, `No school is known by "${resolution.requested}".`)
    }
    if (resolution.kind === 'tenant' && resolution.tenant.status === 'suspended') {
      return errorResponse(403, `${resolution.tenant.name} is suspended.`)
    }
    return handler(request, context)
  }

/** The REST and GraphQL handlers Next serves under /api, tenant-gated. */
export const apiRoutes = (config: Promise<SanitizedConfig>) => {
  const gate = (handler: RouteHandler) => withTenantGate(config, handler)
  return {
    GET: gate(REST_GET(config)),
    POST: gate(REST_POST(config)),
    DELETE: gate(REST_DELETE(config)),
    PATCH: gate(REST_PATCH(config)),
    PUT: gate(REST_PUT(config)),
    OPTIONS: REST_OPTIONS(config),
    GRAPHQL: gate((request) => GRAPHQL_POST(config)(request)),
  }
}
