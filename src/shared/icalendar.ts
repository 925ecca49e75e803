/**
 * iCalendar (RFC 5545) as calendar clients read it: CRLF line ends, lines folded at 75 octets
 * (never inside a UTF-8 character), text escaped, times in UTC.
 */

export type CalendarEvent = {
  uid: string
  start: Date
  end: Date
  summary: string
  description?: string
  url?: string
  status: 'CONFIRMED' | 'CANCELLED'
  lastModified: Date
}

/** Text as a TEXT value: backslash, semicolon, comma and line ends escaped. */
const text = (value: string): string => value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n')

/** A UTC DATE-TIME: 20261209T140000Z. */
const utc = (at: Date): string => at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')

/** A content line folded at 75 octets: each continuation starts with a space. */
const fold = (line: string): string => {
  const parts: string[] = []
  let current = ''
  let octets = 0
  for (const char of line) {
    const size = Buffer.byteLength(char)
    // The first line holds 75 octets; each continuation 74 after its leading space.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current)
      current = ''
      octets = 0
    }
    current += char
    octets += size
  }
  parts.push(current)
  return parts.join('\r\n ')
}

/** A whole calendar, published as a feed: a client subscribes to it and refreshes it. */
export const icalendar = ({ name, productId, events, now = new Date() }: { name: string; productId: string; events: readonly CalendarEvent[]; now?: Date }): string => {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${productId}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${text(name)}`, 'REFRESH-INTERVAL;VALUE=DURATION:PT1H', 'X-PUBLISHED-TTL:PT1H']
  for (const event of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${utc(now)}`,
      `DTSTART:${utc(event.start)}`,
      `DTEND:${utc(event.end)}`,
      `SUMMARY:${text(event.summary)}`,
      ...(event.description ? [`DESCRIPTION:${text(event.description)}`] : []),
      ...(event.url ? [`URL:${event.url}`] : []),
      `STATUS:${event.status}`,
      `LAST-MODIFIED:${utc(event.lastModified)}`,
      'END:VEVENT',
    )
  }
  lines.push('END:VCALENDAR')
  return `${lines.map(fold).join('\r\n')}\r\n`
}
