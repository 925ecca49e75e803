import type { AfterErrorHook } from 'payload'

import { reportError } from '@/services/telemetry/reportError'

import { isClientMistake } from './showClientErrors'

/**
 * Reports what Payload answers as a server error (5xx) to the error reports (Sentry, when
 * SENTRY_DSN is set), tagged with the request's id, method and collection. A client's mistake
 * (4xx, by the same rule showClientErrors answers with) is never reported.
 */
export const reportServerErrors: AfterErrorHook = ({ collection, error, graphqlResult, req }) => {
  // GraphQL wraps what a resolver threw; a GraphQL error with nothing inside is the query's own mistake.
  const cause = graphqlResult ? (error as { originalError?: Error }).originalError : error
  if (cause && !isClientMistake(cause)) {
    reportError(cause, { method: req.method, collection: collection?.slug })
  }
}
