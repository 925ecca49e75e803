import { settings } from '@/settings'
import { withTimeout } from '@/shared/withTimeout'

import { startOtlpTraces } from './otlpTraces'
import { startSentry } from './sentry'

/** Which of Aqoon's processes this is: it names the service when OTEL_SERVICE_NAME does not. */
type Role = 'web' | 'worker'

const stops: (() => Promise<void>)[] = []
let stopped: Promise<void> | undefined

/**
 * Turns on what is configured of traces (OTEL_EXPORTER_OTLP_ENDPOINT) and error reports
 * (SENTRY_DSN) for this process; with neither set nothing is started and nothing is sent.
 * Called once, at the start of the web launcher and of the jobs worker, outside Next's bundles.
 */
export const startTelemetry = (role: Role): void => {
  const { endpoint, serviceName } = settings.traces
  if (endpoint) {
    stops.push(startOtlpTraces({ url: endpoint, serviceName: serviceName ?? `aqoon-${role}` }))
  }
  const { dsn } = settings.sentry
  if (dsn) {
    // Next keeps the web process alive after an unhandled rejection (and logs it); the worker exits as Node would.
    stops.push(startSentry({ dsn, unhandledRejections: role === 'web' ? 'none' : 'strict' }))
  }
}

/**
 * Sends what is still buffered (spans of the last requests, reports in flight); bounded, so an
 * unreachable collector cannot hold up an exit. A second call (a second signal) waits for the same flush.
 */
export const stopTelemetry = (): Promise<void> => {
  stopped ??= Promise.allSettled(stops.map((stop) => withTimeout(stop(), 5_000, 'telemetry flush'))).then(() => undefined)
  return stopped
}
