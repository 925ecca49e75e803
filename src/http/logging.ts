import type { Config } from 'payload'

import { logClientErrorsAsInfo } from '@/hooks/showClientErrors'
import { LOG_REDACT_PATHS } from '@/shared/logRedaction'
import { currentRequestId } from '@/shared/requestContext'

type LoggerOptions = Extract<NonNullable<Config['logger']>, { options: unknown }>['options']

/**
 * Payload's logger (pino): a client's mistake logged as info, every line made while serving a
 * request tagged with its id (X-Request-Id), credentials and personal data redacted.
 */
export const loggerOptions = (level: LoggerOptions['level']): LoggerOptions => ({
  level,
  hooks: { logMethod: logClientErrorsAsInfo },
  mixin: () => {
    const requestId = currentRequestId()
    return requestId ? { requestId } : {}
  },
  redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
})
