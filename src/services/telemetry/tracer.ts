import { type Tracer, trace } from '@opentelemetry/api'

import { version } from '@/version'

/**
 * Aqoon's own spans (requests, jobs, database queries). A no-op tracer while traces are off, so
 * code may make spans unconditionally. Asked for each time: the provider is registered at start.
 */
export const tracer = (): Tracer => trace.getTracer('aqoon', version)

/** The request a span belongs to (X-Request-Id); on a job's span, the request that queued the job. */
export const ATTR_REQUEST_ID = 'aqoon.request.id'
