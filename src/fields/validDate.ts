/**
 * Whether a date a client sent can be stored and compared: parseable, and between the years 1 and
 * 9999 (JavaScript reads dates PostgreSQL refuses, such as +099999-01-01, and the reverse).
 */
export const isStorableDate = (value: unknown): boolean => {
  if (typeof value !== 'string' && !(value instanceof Date)) {
    return false
  }
  const time = value instanceof Date ? value.getTime() : Date.parse(value)
  if (!Number.isFinite(time)) {
    return false
  }
  const year = new Date(time).getUTCFullYear()
  return year >= 1 && year <= 9999
}
