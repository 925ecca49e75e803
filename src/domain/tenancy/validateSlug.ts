/** Names that would collide with the platform's own hosts and routes. */
export const RESERVED_SLUGS = new Set([
  'www', 'api', 'admin', 'app', 'mail', 'smtp', 'static', 'assets', 'cdn', 'auth',
  'login', 'status', 'help', 'support', 'docs', 'root', 'platform', 'aqoon',
])

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/** A tenant slug is one lowercase DNS label that is not reserved. */
export const validateSlug = (value: unknown): true | string => {
  if (typeof value !== 'string' || !DNS_LABEL.test(value)) {
    return 'Use 1 to 63 lowercase letters, digits or hyphens, not starting or ending with a hyphen.'
  }
  if (RESERVED_SLUGS.has(value)) {
    return `"${value}" is reserved; choose another slug.`
  }
  return true
}

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/

export const validateDomainName = (value: unknown): true | string =>
  typeof value === 'string' && HOSTNAME.test(value)
    ? true
    : 'Enter a host name such as learn.example.org (no scheme, port or path).'

export const validateHexColour = (value: unknown): true | string =>
  value === null || value === undefined || value === '' ||
  (typeof value === 'string' && /^#(?:[0-9a-fA-F]{3}){1,2}$/.test(value))
    ? true
    : 'Use a hex colour such as #1a73e8.'

const TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])

export const validateTimeZone = (value: unknown): true | string =>
  typeof value === 'string' && TIME_ZONES.has(value)
    ? true
    : 'Use an IANA time zone such as Africa/Mogadishu.'
