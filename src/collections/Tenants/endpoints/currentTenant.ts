import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import { MEDIA } from '@/shared/slugs'
import { requestTenant } from '@/tenancy/resolveTenant'
import { relationId } from '@/shared/relationId'

/**
 * `GET /api/tenants/current`: the public face of the tenant this request is for,
 * so a front end can brand itself before anyone logs in.
 */
export const currentTenant: Endpoint = {
  path: '/current',
  method: 'get',
  handler: async (req) => {
    const resolution = await requestTenant(req)
    if (resolution.kind !== 'tenant') {
      throw new APIError('This address belongs to no school. Send X-Tenant: <slug> or use the school\'s own domain.', 404)
    }
    const { tenant } = resolution
    const logoId = relationId(tenant.branding?.logo)
    const logo = logoId
      ? await req.payload.findByID({ collection: MEDIA, id: logoId, depth: 0, disableErrors: true, overrideAccess: true, req })
      : null
    return Response.json({
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      displayName: tenant.branding?.displayName ?? tenant.name,
      primaryColor: tenant.branding?.primaryColor ?? null,
      logoUrl: logo?.url ?? null,
      defaultLocale: tenant.defaultLocale,
      timezone: tenant.timezone,
      registration: tenant.registration,
    })
  },
}
