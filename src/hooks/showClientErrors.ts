import type { AfterErrorHook } from 'payload'

import {
  APIError,
  AuthenticationError,
  Forbidden,
  Locked,
  LockedAuth,
  NotFound,
  QueryError,
  UnauthorizedError,
  UnverifiedEmail,
  ValidationError,
} from 'payload'

import { databaseClientProblem } from '@/services/database/inputErrors'

/**
 * Payload's error classes by the name clients see. The production bundle renames classes,
 * and `error.name` is taken from the class, so the name is found by identity instead.
 * Most specific first: several extend APIError.
 */
const NAMED: [string, abstract new (...args: never[]) => Error][] = [
  ['ValidationError', ValidationError],
  ['QueryError', QueryError],
  ['Forbidden', Forbidden],
  ['NotFound', NotFound],
  ['UnauthorizedError', UnauthorizedError],
  ['AuthenticationError', AuthenticationError],
  ['UnverifiedEmail', UnverifiedEmail],
  ['LockedAuth', LockedAuth],
  ['Locked', Locked],
  ['APIError', APIError],
]

const nameOf = (error: Error): string => NAMED.find(([, type]) => error instanceof type)?.[0] ?? 'APIError'

type ClientError = { status: number; name: string; message: string; data?: Record<string, unknown> }

/** What a client may be told of an error: its own message for a 4xx; nothing for a 5xx. */
const clientError = (error: Error): ClientError | undefined => {
  const fromDatabase = databaseClientProblem(error)
  if (fromDatabase) {
    return { ...fromDatabase, name: fromDatabase.status === 409 ? 'APIError' : 'ValidationError' }
  }
  // Payload parses bodies and form fields (`_payload`) with JSON.parse and lets its error through.
  if (error instanceof SyntaxError && /JSON/.test(error.message)) {
    return { status: 400, name: 'ValidationError', message: `The request is not valid JSON: ${error.message}` }
  }
  const status = (error as { status?: unknown }).status
  if (typeof status !== 'number' || status < 400 || status >= 500) {
    return undefined
  }
  const data = (error as { data?: Record<string, unknown> | null }).data ?? undefined
  return { status, name: nameOf(error), message: error.message, ...(data ? { data } : {}) }
}

/**
 * Every 4xx reaches the client with its real message, its error name and the fields it
 * concerns, in the production build too: Payload hides the message of an error it does not
 * know to be public, and takes the name from a class the production bundle has renamed.
 * A value the database itself refuses (a date out of range, a text with a NUL byte) is the
 * client's mistake (400), and a unique row taken by a simultaneous request a conflict (409), not a 500. Anything else that is a 5xx stays "Something went wrong."
 */
export const showClientErrors: AfterErrorHook = ({ error, graphqlResult }) => {
  const cause = (graphqlResult ? (error as { originalError?: Error }).originalError : error) ?? error
  const shown = clientError(cause)
  if (!shown) {
    return undefined
  }
  if (graphqlResult) {
    return {
      graphqlResult: {
        ...graphqlResult,
        message: shown.message,
        extensions: { ...graphqlResult.extensions, name: shown.name, statusCode: shown.status, ...(shown.data ? { data: shown.data } : {}) },
      },
    }
  }
  const { status, ...body } = shown
  return { response: { errors: [body] }, status }
}
