import type { AfterErrorHook, Config } from 'payload'

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
import { asPayloadError } from '@/http/errorStatus'
import { DomainError } from '@/shared/domainError'

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
  if (error instanceof DomainError) {
    // An outside system (a payment provider) being down is no one's mistake, but its message is
    // the client's to act on (try again later), so it is shown like a 4xx's.
    return error.kind === 'unavailable' ? { status: 503, name: 'APIError', message: error.message } : clientError(asPayloadError(error))
  }
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

/** Whether `error` is answered as the client's mistake (a 4xx) rather than a server error. */
export const isClientMistake = (error: Error): boolean => clientError(error) !== undefined

/**
 * Payload logs every error it answers, at its class's level by `error.name` (the production
 * bundle renames classes, so none matches): a wrong password or a bad query parameter would be
 * an error in the operator's log, thousands of them under a scanner. A client's mistake is
 * logged as info; a 5xx keeps its level. Installed as pino's `logMethod` hook.
 */
type LoggerOptions = Extract<NonNullable<Config['logger']>, { options: unknown }>['options']
type LogMethodHook = NonNullable<NonNullable<LoggerOptions['hooks']>['logMethod']>

export const logClientErrorsAsInfo: LogMethodHook = function (args, method, level) {
  const logged = args[0] as { err?: unknown } | undefined
  const error = typeof logged === 'object' && logged !== null ? logged.err : undefined
  // GraphQL wraps the error it answers for.
  const cause = (error as { originalError?: unknown } | undefined)?.originalError ?? error
  if (level > 30 && cause instanceof Error && clientError(cause)) {
    this.info(...args)
    return
  }
  method.apply(this, args)
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
