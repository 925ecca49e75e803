import type { TenantResolution } from '@/tenancy/resolveTenant'

import { settings } from '@/settings'

import { isAllowedOrigin } from './allowedOrigins'

const MAX_LENGTH = 2000

/**
 * Control characters, whitespace and invisible format characters. Browsers drop tabs and
 * newlines from addresses (so "/\t/evil.com" is "//evil.com", another host), and a newline
 * must never reach a Location header; no honest return address has any of them unencoded.
 */
const UNSAFE_CHARACTER = /[\p{Cc}\p{Cf}\p{Z}\s]/u

/** "%2f" and "%5c" read as the slash and backslash some servers and proxies decode them to. */
const decodedSlashes = (path: string): string => path.replace(/%2f/gi, '/').replace(/%5c|\\/gi, '/')

/**
 * Where a sign-in may send the browser afterwards, read as a browser reads it: resolved
 * against the platform's origin with the WHATWG URL parser, it must stay on an allowed
 * origin (the platform's, CORS_ORIGINS, the tenant's own), so the sign-in is never an open
 * redirect. Returns the normalised address (a path for the platform's own origin), ASCII
 * only and safe in a Location header, or undefined when refused. No value means "/".
 */
export const safeReturnPath = (value: string | null, resolution: TenantResolution): string | undefined => {
  if (!value) {
    return '/'
  }
  if (value.length > MAX_LENGTH || UNSAFE_CHARACTER.test(value)) {
    return undefined
  }
  const platform = new URL(settings.serverUrl)
  let url: URL
  try {
    url = new URL(value, platform)
  } catch {
    return undefined
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return undefined
  }
  // Credentials in an address only serve to disguise where it leads.
  if (url.username || url.password || !isAllowedOrigin(url.origin, resolution)) {
    return undefined
  }
  // An empty path segment ("//evil.com" from "/.//evil.com" or "/%2f%2fevil.com") is read as
  // a host by anything that decodes the path again.
  if (decodedSlashes(url.pathname).includes('//')) {
    return undefined
  }
  const normalised = url.origin === platform.origin ? `${url.pathname}${url.search}${url.hash}` : url.href
  return normalised.length > MAX_LENGTH ? undefined : normalised
}
