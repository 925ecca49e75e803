/**
 * Times in a meeting's timezone, and the occurrences of a recurring meeting (type 8) as Zoom
 * lays them out: the same wall-clock time on each day the recurrence names, in the meeting's
 * timezone (so a daylight-saving change moves the UTC time, not the local one).
 */

type Wall = { year: number; month: number; day: number; hour: number; minute: number; second: number }

export type RecurrenceInput = {
  type?: unknown
  repeat_interval?: unknown
  weekly_days?: unknown
  monthly_day?: unknown
  end_times?: unknown
  end_date_time?: unknown
}

/** Zoom's limit on a recurring meeting's occurrences. */
const MAX_OCCURRENCES = 60
/** Zoom's count when neither end_times nor end_date_time is given. */
const DEFAULT_OCCURRENCES = 7

export const isTimezone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const wallOf = (ms: number, zone: string): Wall => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(ms))
      .map((part) => [part.type, Number(part.value)]),
  )
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second }
}

/** The UTC instant of a wall-clock time in `zone`. */
export const zonedToUtc = (wall: Wall, zone: string): number => {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second)
  const offsetAt = (ms: number) => {
    const seen = wallOf(ms, zone)
    return Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second) - ms
  }
  const first = asUtc - offsetAt(asUtc)
  return asUtc - offsetAt(first)
}

const START_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z)?$/

/** `yyyy-MM-ddTHH:mm:ssZ` is UTC; without the Z it is read in `zone`, as Zoom reads it. Undefined when malformed. */
export const parseStartTime = (value: string, zone: string): number | undefined => {
  const match = START_TIME.exec(value)
  if (!match) {
    return undefined
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const wall = { year, month, day, hour, minute, second }
  const ms = match[7] ? Date.UTC(year, month - 1, day, hour, minute, second) : zonedToUtc(wall, zone)
  return Number.isNaN(ms) ? undefined : ms
}

const integer = (value: unknown, fallback: number): number | undefined => {
  if (value === undefined) {
    return fallback
  }
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined
}

/**
 * The start times (UTC ms) of a recurrence from `startMs`, or the name of the field Zoom would
 * refuse. Daily, weekly (`weekly_days`: 1 = Sunday ... 7 = Saturday) and monthly by day.
 */
export const occurrenceTimes = (recurrence: RecurrenceInput, startMs: number, zone: string): number[] | { invalid: string } => {
  const type = recurrence.type
  const interval = integer(recurrence.repeat_interval, 1)
  if (type !== 1 && type !== 2 && type !== 3) {
    return { invalid: 'recurrence.type' }
  }
  if (interval === undefined || interval < 1 || interval > (type === 1 ? 99 : type === 2 ? 12 : 3)) {
    return { invalid: 'recurrence.repeat_interval' }
  }
  const endTimes = integer(recurrence.end_times, DEFAULT_OCCURRENCES)
  if (endTimes === undefined || endTimes < 1 || endTimes > MAX_OCCURRENCES) {
    return { invalid: 'recurrence.end_times' }
  }
  let endMs = Number.POSITIVE_INFINITY
  if (recurrence.end_date_time !== undefined) {
    const parsed = typeof recurrence.end_date_time === 'string' ? parseStartTime(recurrence.end_date_time, 'UTC') : undefined
    if (parsed === undefined) {
      return { invalid: 'recurrence.end_date_time' }
    }
    endMs = parsed
  }
  const limit = recurrence.end_date_time === undefined ? endTimes : MAX_OCCURRENCES
  const start = wallOf(startMs, zone)
  const startDay = Date.UTC(start.year, start.month - 1, start.day)
  let days: (offset: number) => boolean
  if (type === 1) {
    days = (offset) => offset % interval === 0
  } else if (type === 2) {
    const weekly = String(recurrence.weekly_days ?? new Date(startDay).getUTCDay() + 1)
    const wanted = new Set(weekly.split(',').map((day) => Number(day.trim())))
    if (![...wanted].every((day) => Number.isInteger(day) && day >= 1 && day <= 7)) {
      return { invalid: 'recurrence.weekly_days' }
    }
    const firstSunday = startDay - new Date(startDay).getUTCDay() * 86_400_000
    days = (offset) => {
      const date = startDay + offset * 86_400_000
      const week = Math.floor((date - firstSunday) / (7 * 86_400_000))
      return week % interval === 0 && wanted.has(new Date(date).getUTCDay() + 1)
    }
  } else {
    const monthDay = integer(recurrence.monthly_day, start.day)
    if (monthDay === undefined || monthDay < 1 || monthDay > 31) {
      return { invalid: 'recurrence.monthly_day' }
    }
    days = (offset) => {
      const date = new Date(startDay + offset * 86_400_000)
      const months = (date.getUTCFullYear() - start.year) * 12 + date.getUTCMonth() - (start.month - 1)
      return months % interval === 0 && date.getUTCDate() === monthDay
    }
  }
  const times: number[] = []
  for (let offset = 0; times.length < limit && offset < 366 * 5; offset++) {
    if (!days(offset)) {
      continue
    }
    const date = new Date(startDay + offset * 86_400_000)
    const at = zonedToUtc({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: start.hour, minute: start.minute, second: start.second }, zone)
    if (at > endMs) {
      break
    }
    if (at >= startMs) {
      times.push(at)
    }
  }
  return times.length ? times : { invalid: 'recurrence' }
}
