import type { ErrorEvent } from '@sentry/node'

import * as Sentry from '@sentry/node'

import { settings } from '@/settings'
import { withoutQueryParams } from '@/shared/logRedaction'
import { version } from '@/version'

import { installErrorReporter } from './reportError'

type Args = {
  dsn: string
  /**
   * What an unhandled rejection does besides being reported: `none` where something else already
   * decides (Next keeps the web process alive and logs it), `strict` to exit as Node would.
   */
  unhandledRejections: 'none' | 'strict'
}


/** Requests, users and breadcrumbs carry cookies, tokens and personal data: none of it leaves. */
const withoutPersonalData = (event: ErrorEvent): ErrorEvent => {
  const { request: _request, user: _user, breadcrumbs: _breadcrumbs, ...rest } = event
  for (const exception of rest.exception?.values ?? []) {
    // Drizzle writes a failed query's bound values (email addresses, names) into its message.
    exception.value = exception.value === undefined ? undefined : withoutQueryParams(exception.value)
  }
  return rest
}

/**
 * Sends unexpected errors to Sentry (`SENTRY_DSN`). Only what reportError hands it, and unhandled
 * errors: none of the SDK's automatic instrumentation (HTTP, console, module hooks), so it neither
 * reads requests nor competes with our own tracer. Answers how to flush and stop.
 */
export const startSentry = ({ dsn, unhandledRejections }: Args): (() => Promise<void>) => {
  Sentry.init({
    dsn,
    environment: settings.sentry.environment,
    release: settings.sentry.release ?? `aqoon@${version}`,
    defaultIntegrations: false,
    integrations: [
      Sentry.linkedErrorsIntegration(),
      Sentry.dedupeIntegration(),
      Sentry.nodeContextIntegration(),
      Sentry.onUncaughtExceptionIntegration(),
      Sentry.onUnhandledRejectionIntegration({ mode: unhandledRejections }),
    ],
    enableRuntimeChannelInjection: false,
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      graphQL: { document: false, variables: false },
      databaseQueryData: false,
      queues: false,
      stackFrameVariables: false,
    },
    beforeSend: withoutPersonalData,
  })
  installErrorReporter((error, tags) => {
    Sentry.captureException(error, { tags, level: 'error' })
  })
  return async () => {
    installErrorReporter(undefined)
    await Sentry.close(2_000)
  }
}
