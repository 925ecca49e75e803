import type { TenantResolution } from '@/tenancy/resolveTenant'

import { settings } from '@/settings'

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}

/** The platform's own origin and any extra front ends named in CORS_ORIGINS. */
const platformOrigins = (): Set<string> =>
  new Set([originOf(settings.serverUrl), ...settings.corsOrigins.map(originOf)].filter((o): o is string => Boolean(o)))

/** A tenant's own origins: its subdomain and its custom domains, on the platform's scheme. */
const tenantOrigins = (resolution: TenantResolution): string[] => {
  if (resolution.kind !== 'tenant') {
    return []
  }
  const base = new URL(settings.serverUrl)
  const port = base.port ? `:${base.port}` : ''
  const hosts = [`${resolution.tenant.slug}.${settings.baseDomain}`, ...(resolution.tenant.domains ?? []).map((d) => d.domain)]
  return hosts.flatMap((host) => [`${base.protocol}//${host}${port}`, `${base.protocol}//${host}`])
}

/**
 * Origins whose pages may use the API with the visitor's cookie: the platform's,
 * and those of the tenant the request is for. Anything else is another site.
 */
export const isAllowedOrigin = (origin: string, resolution: TenantResolution): boolean =>
  platformOrigins().has(origin) || tenantOrigins(resolution).includes(origin)
