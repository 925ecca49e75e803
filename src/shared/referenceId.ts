/** The largest ID PostgreSQL's `integer` keys hold: anything above names nothing. */
const MAX_ID = 2_147_483_647

/**
 * The ID a relationship value names, as sent by a client or stored: a number, a numeric
 * string, a populated document (`{ id }`) or a polymorphic value (`{ relationTo, value }`).
 * Null when it names nothing that could exist (not a positive integer in range).
 */
export const referenceId = (value: unknown): number | null => {
  if (typeof value === 'object' && value !== null) {
    if ('value' in value && 'relationTo' in value) {
      return referenceId(value.value)
    }
    return 'id' in value ? referenceId(value.id) : null
  }
  const id = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value
  return typeof id === 'number' && Number.isInteger(id) && id > 0 && id <= MAX_ID ? id : null
}
