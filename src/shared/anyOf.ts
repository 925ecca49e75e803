import type { AccessResult, Where } from 'payload'

/** Access that grants whatever any of the conditions grants; nothing when there are none. */
export const anyOf = (conditions: Where[]): AccessResult => {
  if (conditions.length === 0) {
    return false
  }
  return conditions.length === 1 ? conditions[0]! : { or: conditions }
}
