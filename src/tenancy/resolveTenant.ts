import type { Payload, PayloadRequest } from 'payload'

import type { Tenant } from '@/payload-types'

import { LRUCache } from 'lru-cache'

import { TENANTS_CHANGED } from '@/domain/tenancy/tenantStatus'
import { validateDomainName, validateSlug } from '@/domain/tenancy/validateSlug'
import { onChange } from '@/services/redis/invalidation'
import { settings } from '@/settings'

declare module 'payload' {
  interface RequestContext {
    /** The request's school, resolved once. */
    tenantResolution?: TenantResolution
  }
}

export type TenantResolution =
  | { kind: 'platform' }
  | { kind: 'tenant'; tenant: Tenant }
  | { kind: 'unknown'; requested: string }

const TTL_MS = settings.tenantCacheSeconds * 1000

/**
 * Lookups kept for a few seconds, each kind in its own bounded cache: anyone can send
 * endless made-up names, and those must neither grow memory nor push the real schools out.
 */
const known = new LRUCache<string, Tenant>({ max: settings.tenantCacheEntries, ttl: TTL_MS })
const unknown = new LRUCache<string, true>({ max: settings.tenantCacheEntries, ttl: TTL_MS })

export const forgetResolvedTenants = (): void => {
  known.clear()
  unknown.clear()
}
onChange(TENANTS_CHANGED, forgetResolvedTenants)

/** How many lookups are cached, known and unknown (for tests and diagnostics). */
export const resolvedTenantCacheSize = (): { known: number; unknown: number } => ({ known: known.size, unknown: unknown.size })

const lookup = async (
  payload: Payload,
  key: string,
  field: 'slug' | 'domains.domain',
): Promise<Tenant | null> => {
  // No tenant can have a name its validation refuses: no need to ask the database, or to remember.
  if ((field === 'slug' ? validateSlug(key) : validateDomainName(key)) !== true) {
    return null
  }
  const cacheKey = `${field}:${key}`
  const hit = known.get(cacheKey)
  if (hit) {
    return hit
  }
  if (unknown.has(cacheKey)) {
    return null
  }
  const found = await payload.find({
    collection: 'tenants',
    where: { [field]: { equals: key } },
    limit: 1,
    pagination: false,
    depth: 0,
    overrideAccess: true,
  })
  const tenant = found.docs[0] ?? null
  if (tenant) {
    known.set(cacheKey, tenant)
  } else {
    unknown.set(cacheKey, true)
  }
  return tenant
}

const PLATFORM_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])
const IP_V4 = /^\d{1,3}(\.\d{1,3}){3}$/

/** The host name a client asked for, without port; behind proxies, their forwarded host. */
const requestedHost = (headers: Headers): string => {
  const forwarded = settings.trustProxyHops > 0 ? headers.get('x-forwarded-host') : null
  const raw = (forwarded ?? headers.get('host') ?? '').split(',')[0]?.trim().toLowerCase() ?? ''
  return raw.startsWith('[') ? raw.slice(0, raw.indexOf(']') + 1) : raw.split(':')[0] ?? ''
}

/**
 * Which tenant a request is for: the `X-Tenant` header (slug) first, for headless
 * front ends; otherwise the Host, as `<slug>.<BASE_DOMAIN>` or a tenant's custom domain.
 * The bare base domain, localhost and IP addresses are the platform itself.
 */
export const resolveTenant = async (
  payload: Payload,
  headers: Headers,
): Promise<TenantResolution> => {
  const header = headers.get('x-tenant')?.trim().toLowerCase()
  if (header) {
    const tenant = await lookup(payload, header, 'slug')
    return tenant ? { kind: 'tenant', tenant } : { kind: 'unknown', requested: header }
  }
  const host = requestedHost(headers)
  if (!host || host === settings.baseDomain || PLATFORM_HOSTS.has(host) || IP_V4.test(host)) {
    return { kind: 'platform' }
  }
  const suffix = `.${settings.baseDomain}`
  if (host.endsWith(suffix)) {
    const label = host.slice(0, -suffix.length)
    if (!label.includes('.')) {
      const tenant = await lookup(payload, label, 'slug')
      return tenant ? { kind: 'tenant', tenant } : { kind: 'unknown', requested: host }
    }
  }
  const tenant = await lookup(payload, host, 'domains.domain')
  return tenant ? { kind: 'tenant', tenant } : { kind: 'unknown', requested: host }
}

/** The tenant of a Payload request, resolved once and kept on `req.context`. */
export const requestTenant = async (req: PayloadRequest): Promise<TenantResolution> => {
  const cached = req.context.tenantResolution
  if (cached) {
    return cached
  }
  const resolution = await resolveTenant(req.payload, req.headers)
  req.context.tenantResolution = resolution
  return resolution
}
