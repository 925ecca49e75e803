import type { AfterErrorHook } from 'payload'

import { isConnectionLost, markDatabaseUnavailable } from '@/services/database/connectFailures'

/**
 * A query whose connection broke under it (the database restarted, a network cut) fails the
 * request as the database's trouble: the API gate then answers 503 with Retry-After, as it does
 * when no connection could be had at all, instead of a 500 that depends on which of the two it was.
 */
export const markDatabaseTrouble: AfterErrorHook = ({ error, graphqlResult }) => {
  const cause = graphqlResult ? ((error as { originalError?: Error }).originalError ?? error) : error
  if (isConnectionLost(cause)) {
    markDatabaseUnavailable()
  }
}
