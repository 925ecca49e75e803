/** PostgreSQL error codes that mean the request carried a value the database cannot take. */
const INPUT_PROBLEMS: Record<string, string> = {
  // Class 22, data exception: a malformed number, date or enum value, a NUL byte, a value out of range.
  '22': 'A value in the request cannot be stored or compared: {detail}',
  // A reference to a row that does not exist.
  '23503': 'The request refers to something that does not exist.',
}

type DatabaseError = { code?: unknown; message?: unknown; cause?: unknown }

/** The PostgreSQL error behind an error (drizzle wraps the driver's in `cause`), if any. */
const databaseError = (error: unknown): DatabaseError | undefined => {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 4; depth += 1) {
    const candidate = current as DatabaseError
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return candidate
    }
    current = candidate.cause
  }
  return undefined
}

/**
 * The client's share of a database refusal: a message for a value the database rejected as
 * input (not a fault of ours), or undefined for anything else. Requests are meant to be refused
 * before they reach the database; this is the net under that, so no input answers 500.
 */
export const databaseInputProblem = (error: unknown): string | undefined => {
  const found = databaseError(error)
  const code = typeof found?.code === 'string' ? found.code : ''
  const template = INPUT_PROBLEMS[code] ?? INPUT_PROBLEMS[code.slice(0, 2)]
  if (!template) {
    return undefined
  }
  const detail = typeof found?.message === 'string' ? found.message.split('\n')[0]!.slice(0, 200) : 'invalid value'
  return template.replace('{detail}', detail)
}
