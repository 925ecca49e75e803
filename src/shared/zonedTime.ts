/** The zone's offset from UTC at that moment, in minutes (east positive). */
const offsetMinutes = (at: Date, timeZone: string): number => {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at)
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return (Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - Math.floor(at.getTime() / 1000) * 1000) / 60_000
}

/**
 * The same wall-clock time `days` later in the zone: a weekly class at 14:00 in London stays at
 * 14:00 when the clocks change, not at 13:00 or 15:00.
 */
export const sameTimeDaysLater = (iso: string, days: number, timeZone: string): string => {
  const start = new Date(iso)
  const naive = new Date(start.getTime() + days * 86_400_000)
  return new Date(naive.getTime() + (offsetMinutes(start, timeZone) - offsetMinutes(naive, timeZone)) * 60_000).toISOString()
}
