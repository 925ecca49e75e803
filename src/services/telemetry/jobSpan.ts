import { context, createContextKey, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions'

import { currentRequestId } from '@/shared/requestContext'

import { ATTR_REQUEST_ID, tracer } from './tracer'

/** The span of the job being run, for the task inside it to name and to mark failed (see observeTask). */
const JOB_SPAN = createContextKey('aqoon.jobSpan')

const jobSpan = (): Span | undefined => context.active().getValue(JOB_SPAN) as Span | undefined

/**
 * Runs a job under a span of its own, a new trace (its database queries are its children), with
 * the job's id and the id of the request that queued it. The task names it once it runs.
 */
export const inJobSpan = <T>(id: number, work: () => Promise<T>): Promise<T> => {
  const requestId = currentRequestId()
  return tracer().startActiveSpan('job', { kind: SpanKind.CONSUMER, attributes: { 'aqoon.job.id': id, ...(requestId ? { [ATTR_REQUEST_ID]: requestId } : {}) } }, async (span) => {
    try {
      return await context.with(context.active().setValue(JOB_SPAN, span), work)
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR })
      throw error
    } finally {
      span.end()
    }
  })
}

/** Names the job span after the task that runs in it. */
export const nameJobTask = (slug: string): void => {
  jobSpan()?.updateName(`job ${slug}`).setAttribute('aqoon.job.task', slug)
}

/** Marks the job span failed: its task threw (Payload records the failure and may try again). */
export const markJobFailed = (error: unknown): void => {
  jobSpan()
    ?.setStatus({ code: SpanStatusCode.ERROR })
    .setAttribute(ATTR_ERROR_TYPE, error instanceof Error ? error.name : 'unknown')
}
