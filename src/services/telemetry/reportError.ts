import { trace } from '@opentelemetry/api'

import { currentRequestId } from '@/shared/requestContext'

/** Short facts that say where an error happened (a job's task, a request's method); never personal data. */
export type ErrorTags = Record<string, string | number | undefined>

type Reporter = (error: unknown, tags: Record<string, string>) => void

/**
 * Where errors go, once a process has set up its error reports (src/services/telemetry/sentry.ts).
 * Kept on globalThis: the reporter is made outside Next's bundles and called from inside them
 * (Payload's hooks, jobs), so a module variable would exist twice.
 */
const KEY = Symbol.for('aqoon.errorReporter')

type Holder = typeof globalThis & { [KEY]?: Reporter }

export const installErrorReporter = (reporter: Reporter | undefined): void => {
  ;(globalThis as Holder)[KEY] = reporter
}

/**
 * Reports an unexpected error, tagged with the request it happened for and the trace it is part
 * of (when there are), so the report, the log lines and the trace can be found from one another.
 * Does nothing while error reports are off.
 */
export const reportError = (error: unknown, tags: ErrorTags = {}): void => {
  const reporter = (globalThis as Holder)[KEY]
  if (!reporter) {
    return
  }
  const traceId = trace.getActiveSpan()?.spanContext().traceId
  const all: ErrorTags = { request_id: currentRequestId(), trace_id: traceId, ...tags }
  reporter(error, Object.fromEntries(Object.entries(all).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]]))))
}
