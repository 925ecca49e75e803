/** PostgreSQL refusals that are the request's doing, with the status and message a client gets. */
const CLIENT_PROBLEMS: Record<string, { status: number; message: string }> = {
  // Class 22, data exception: a malformed number, date or enum value, a NUL byte, a value out of range.
  '22': { status: 400, message: 'A value in the request cannot be stored or compared: {detail}' },
  // A reference to a row that does not exist.
  '23503': { status: 400, message: 'The request refers to something that does not exist.' },
  // A unique row taken by a request at the same moment (two logouts of one session, a double click).
  '23505': { status: 409, message: 'This conflicts with a change made at the same moment. Try again.' },
  '40001': { status: 409, message: 'This conflicts with a change made at the same moment. Try again.' },
  '40P01': { status: 409, message: 'This conflicts with a change made at the same moment. Try again.' },
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
 * The client's share of a database refusal: its status and message for a value the database
 * rejected as input, or a race with another request; undefined for anything else (our fault, a
 * 500). Requests are meant to be refused before they reach the database; this is the net under
 * that, so no input answers 500.
 */
export const databaseClientProblem = (error: unknown): { status: number; message: string } | undefined => {
  const found = databaseError(error)
  const code = typeof found?.code === 'string' ? found.code : ''
  const problem = CLIENT_PROBLEMS[code] ?? CLIENT_PROBLEMS[code.slice(0, 2)]
  if (!problem) {
    return undefined
  }
  const detail = typeof found?.message === 'string' ? found.message.split('\n')[0]!.slice(0, 200) : 'invalid value'
  return { status: problem.status, message: problem.message.replace('{detail}', detail) }
}
