/**
 * Attendance from Zoom's own record of who was in a meeting: pure rules, no database. A
 * student's stays (segments) arrive as join and leave events in any order, some twice, some
 * lost and filled in later from Zoom's participants report; they are merged by Zoom's id for
 * the stay, and minutes are counted over their union, so overlapping stays (two devices, a
 * reconnect reported twice) never count twice.
 */

export const ATTENDANCE_STATUSES = ['pending', 'present', 'late', 'left-early', 'absent', 'excused'] as const
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number]

/** One stay in the meeting: Zoom's per-stay user id, and its ends as far as they are known (ISO). */
export type Segment = { stay: string; joinedAt?: string; leftAt?: string }

/** Minutes after the start that a first join still counts as on time, and before the end that a last leave counts as staying. */
export const DEFAULT_GRACE_MINUTES = 10

const ms = (iso: string | undefined | null): number | undefined => {
  const at = iso ? Date.parse(iso) : Number.NaN
  return Number.isNaN(at) ? undefined : at
}

const iso = (at: number): string => new Date(at).toISOString()

/**
 * Adds what an event or a report row says of one stay to the stays known: a join and a leave of
 * the same stay meet whichever came first; a repeat changes nothing; when two sources disagree
 * the earlier join and the later leave hold (a stay is never shortened by a late copy).
 */
export const mergeSegment = (segments: readonly Segment[], incoming: Segment): Segment[] => {
  const found = segments.find((segment) => segment.stay === incoming.stay)
  if (!found) {
    return [...segments, { stay: incoming.stay, ...(incoming.joinedAt ? { joinedAt: iso(ms(incoming.joinedAt)!) } : {}), ...(incoming.leftAt ? { leftAt: iso(ms(incoming.leftAt)!) } : {}) }]
  }
  const join = [ms(found.joinedAt), ms(incoming.joinedAt)].filter((at): at is number => at !== undefined)
  const leave = [ms(found.leftAt), ms(incoming.leftAt)].filter((at): at is number => at !== undefined)
  const merged: Segment = { stay: found.stay, ...(join.length ? { joinedAt: iso(Math.min(...join)) } : {}), ...(leave.length ? { leftAt: iso(Math.max(...leave)) } : {}) }
  return segments.map((segment) => (segment === found ? merged : segment))
}

export type ClassTimes = {
  /** When the meeting started (Zoom's meeting.started), else when the class was scheduled to. */
  startedAt: string
  /** When the meeting ended, else undefined while it is being held. */
  endedAt?: string | null
  /** Whole minutes of grace, both for joining late and leaving early. */
  graceMinutes?: number
}

export type AttendanceSummary = {
  firstJoinAt: string | null
  lastLeaveAt: string | null
  /** Minutes in the meeting, to a tenth, over the union of the stays within the class's time. */
  minutes: number
  /** Minutes attended as a percentage of the class's actual length, to a tenth. */
  share: number
  status: AttendanceStatus
}

/**
 * Where a student stands in a class from their stays. While the class is being held the status
 * is `pending`; once it has ended: `absent` with no time in it, `late` when the first join came
 * after the grace period, `left-early` when the last leave came more than the grace period
 * before the end, else `present`. A stay whose leave is not known yet lasts to the end (Zoom
 * sends a leave for everyone when a meeting ends, so only a lost event leaves one open); a stay
 * whose join is lost counts nothing until the report fills it in.
 */
export const summarizeAttendance = (segments: readonly Segment[], times: ClassTimes): AttendanceSummary => {
  const start = ms(times.startedAt)!
  const end = ms(times.endedAt ?? undefined)
  const grace = (times.graceMinutes ?? DEFAULT_GRACE_MINUTES) * 60_000
  const horizon = end ?? Math.max(start, ...segments.map((s) => Math.max(ms(s.joinedAt) ?? 0, ms(s.leftAt) ?? 0)))
  const intervals = segments
    .filter((segment) => ms(segment.joinedAt) !== undefined)
    .map((segment) => [Math.max(ms(segment.joinedAt)!, start), Math.min(ms(segment.leftAt) ?? horizon, horizon)] as const)
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0])
  let total = 0
  let open: [number, number] | undefined
  for (const [from, to] of intervals) {
    if (open && from <= open[1]) {
      open[1] = Math.max(open[1], to)
    } else {
      total += open ? open[1] - open[0] : 0
      open = [from, to]
    }
  }
  total += open ? open[1] - open[0] : 0
  // From the time within the class only: a stay wholly before its start (the host trying the meeting) says nothing.
  const firstJoin = intervals.length ? intervals[0]![0] : undefined
  const lastLeave = intervals.length ? Math.max(...intervals.map(([, to]) => to)) : undefined
  const length = end !== undefined ? end - start : 0
  const minutes = Math.round(total / 6_000) / 10
  const share = length > 0 ? Math.min(100, Math.round((total / length) * 1000) / 10) : 0
  let status: AttendanceStatus = 'pending'
  if (end !== undefined) {
    if (total === 0) {
      status = 'absent'
    } else if (firstJoin !== undefined && firstJoin > start + grace) {
      status = 'late'
    } else if (lastLeave !== undefined && lastLeave < end - grace) {
      status = 'left-early'
    } else {
      status = 'present'
    }
  }
  return { firstJoinAt: firstJoin === undefined ? null : iso(firstJoin), lastLeaveAt: lastLeave === undefined ? null : iso(lastLeave), minutes, share, status }
}
