import type { TenantResolution } from '@/tenancy/resolveTenant'

import { isAllowedOrigin } from './allowedOrigins'

/**
 * Where a sign-in may send the browser afterwards: a path on this site, or an
 * address on the platform's or the tenant's own origins. Never anywhere else, so
 * the sign-in cannot be used as an open redirect. Undefined means refused.
 */
export const safeReturnPath = (value: string | null, resolution: TenantResolution): string | undefined => {
  if (!value) {
    return '/'
  }
  if (value.length > 2000) {
    return undefined
  }
  // "//host" and "/\host" are read by browsers as other hosts.
  if (value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')) {
    return value
  }
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && isAllowedOrigin(url.origin, resolution) ? url.href : undefined
  } catch {
    return undefined
  }
}
