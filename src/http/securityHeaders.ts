type Args = { production: boolean; path: string }

/**
 * Headers every response carries. The admin panel is a Next app with inline
 * hydration scripts and styles, hence 'unsafe-inline'; development adds 'unsafe-eval'
 * for Next's dev runtime. Nothing may frame Aqoon's pages.
 */
export const securityHeaders = ({ production, path }: Args): Record<string, string> => {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  }
  if (production) {
    headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains'
  }
  const script = production ? "'self' 'unsafe-inline'" : "'self' 'unsafe-inline' 'unsafe-eval'"
  // The development-only GraphQL playground loads its scripts from a CDN.
  if (path.startsWith('/api/graphql-playground')) {
    return headers
  }
  headers['Content-Security-Policy'] = path.startsWith('/api/')
    ? "default-src 'none'; frame-ancestors 'none'"
    : [
        "default-src 'self'",
        `script-src ${script}`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; ')
  return headers
}
