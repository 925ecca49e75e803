import type { MeetingId } from './types'

/**
 * A meeting id or instance UUID as a path segment. Zoom wants a UUID that starts with `/` or
 * holds `//` encoded twice, or its gateway reads the slashes as path separators.
 */
export const meetingSegment = (id: MeetingId): string => {
  const value = String(id)
  if (!value) {
    throw new TypeError('A Zoom meeting id or UUID is needed here.')
  }
  const once = encodeURIComponent(value)
  return value.startsWith('/') || value.includes('//') ? encodeURIComponent(once) : once
}

/** Any other id (a user's id or email, a registrant's, a recording file's) as a path segment. */
export const segment = (value: string, what: string): string => {
  if (!value) {
    throw new TypeError(`A Zoom ${what} is needed here.`)
  }
  return encodeURIComponent(value)
}
