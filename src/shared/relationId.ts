/**
 * The ID a relationship value points at, whether Payload gave the bare ID or the
 * populated document (depends on `depth`). Undefined when there is none.
 */
export const relationId = (value: unknown): number | undefined => {
  if (typeof value === 'number') {
    return value
  }
  if (typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'number') {
    return value.id
  }
  return undefined
}
