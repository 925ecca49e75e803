import client from 'prom-client'

/**
 * Aqoon's Prometheus metrics, one set per process. Kept on globalThis: our HTTP server counts
 * requests while Payload, bundled apart by Next, owns the database pool and sends mail, and a
 * module variable would exist once per bundle (see src/shared/requestContext.ts).
 */
const make = () => {
  const registry = new client.Registry()
  // Node's own figures under their usual names (process_*, nodejs_*), as dashboards expect them.
  client.collectDefaultMetrics({ register: registry })
  const on = { registers: [registry] }
  let admission = (): { inFlight: number; queued: number } => ({ inFlight: 0, queued: 0 })
  return {
    registry,
    /** Points the admission gauge at the web server's gate (src/http/admission.ts). */
    watchAdmission: (counts: typeof admission): void => {
      admission = counts
    },
    admission: new client.Gauge({
      name: 'aqoon_http_requests',
      help: 'Requests this web process is answering (running) and that wait their turn (queued).',
      labelNames: ['state'] as const,
      ...on,
      collect() {
        const { inFlight, queued } = admission()
        this.set({ state: 'running' }, inFlight)
        this.set({ state: 'queued' }, queued)
      },
    }),
    busyRefusals: new client.Counter({
      name: 'aqoon_http_busy_refusals_total',
      help: 'Requests answered 503 because the process was too busy: its queue was full, or the request waited past HTTP_QUEUE_TIMEOUT_MS.',
      labelNames: ['reason'] as const,
      ...on,
    }),
    httpDuration: new client.Histogram({
      name: 'aqoon_http_request_duration_seconds',
      help: 'Time from a request arriving to its answer finishing, by route template and status.',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      ...on,
    }),
    poolWait: new client.Histogram({
      name: 'aqoon_db_pool_wait_seconds',
      help: 'Time a query waited for a database connection from the pool.',
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      ...on,
    }),
    webhookDeliveries: new client.Counter({
      name: 'aqoon_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome: succeeded, failed (to be retried) or gave_up (the last attempt failed).',
      labelNames: ['outcome'] as const,
      ...on,
    }),
    providerEventBatches: new client.Histogram({
      name: 'aqoon_provider_event_batch_size',
      help: "Payment providers' webhook events applied together in one transaction: 1 when they come one at a time, more when they arrive faster than a transaction commits.",
      buckets: [1, 2, 4, 8, 16, 32, 64],
      ...on,
    }),
    mail: new client.Counter({
      name: 'aqoon_mail_total',
      help: 'Emails handed to the SMTP server (sent) or refused by it or unreachable (failed).',
      labelNames: ['outcome'] as const,
      ...on,
    }),
  }
}

export type Metrics = ReturnType<typeof make>

const KEY = Symbol.for('aqoon.metrics')

/** This process's metrics. */
export const metrics = (): Metrics => {
  const holder = globalThis as typeof globalThis & { [KEY]?: Metrics }
  holder[KEY] ??= make()
  return holder[KEY]
}

/** The text format Prometheus scrapes, and its content type. */
export const exposition = async (): Promise<{ body: string; contentType: string }> => {
  const { registry } = metrics()
  return { body: await registry.metrics(), contentType: registry.contentType }
}
