import type { Config } from 'payload'

import { logClientErrorsAsInfo } from '@/hooks/showClientErrors'
import { LOG_REDACT_PATHS, withoutQueryValues } from '@/shared/logRedaction'
import { currentRequestId } from '@/shared/requestContext'

type LoggerOptions = Extract<NonNullable<Config['logger']>, { options: unknown }>['options']

/**
 * Payload's logger (pino): a client's mistake logged as info, every line made while serving a
 * request tagged with its id (X-Request-Id), credentials and personal data redacted (in errors
 * too: the values of a failed query).
 */
export const loggerOptions = (level: LoggerOptions['level']): LoggerOptions => ({
  level,
  hooks: {
    logMethod(args, method, level) {
      // A failed query's values (emails, names) are out of the error before pino serializes it.
      const logged = args[0] as { err?: unknown } | undefined
      if (typeof logged === 'object' && logged !== null && logged.err instanceof Error) {
        args[0] = { ...logged, err: withoutQueryValues(logged.err) }
      }
      logClientErrorsAsInfo.call(this, args, method, level)
    },
  },
  mixin: () => {
    const requestId = currentRequestId()
    return requestId ? { requestId } : {}
  },
  redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
})
