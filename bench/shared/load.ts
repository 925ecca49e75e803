import autocannon from 'autocannon'

/**
 * One request of a rotation: a path, and the school it is asked of (`X-Tenant`) and
 * any other headers (`Authorization`, `Accept`) when it needs them.
 */
export type BenchRequest = { path: string; tenant?: string; headers?: Record<string, string> }

export type Measurement = {
  requestsPerSecond: number
  latencyMs: { average: number; p50: number; p90: number; p97_5: number; p99: number; max: number }
  requests: number
  errors: number
  timeouts: number
  non2xx: number
  /** Requests handed to connections, answered or not: where the next rotation continues. */
  sent: number
}

export const CONNECTIONS = 20

/**
 * Loads `baseUrl` with 20 keep-alive connections for `seconds`, every request the
 * next of `requests` in turn across all connections (one rotation, not one per
 * connection, so the connections do not ask the same thing at the same moment),
 * starting at `from` (a measurement continuing the warm-up's stream passes its `sent`).
 * Without `rate` each connection asks again as soon as it is answered (the most the server
 * gives, where latency is only the queue the 20 connections make); with it, requests are sent
 * at that pace (latency at a stated load).
 */
export const measure = async (baseUrl: string, requests: BenchRequest[], seconds: number, from = 0, { rate }: { rate?: number } = {}): Promise<Measurement> => {
  let turn = from
  const result = await autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    // Paced: this many requests per second over all connections, whatever the answers' speed.
    ...(rate ? { overallRate: rate } : {}),
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const next = requests[turn++ % requests.length]!
          return {
            ...request,
            path: next.path,
            headers: { ...request.headers, accept: 'application/json', ...(next.tenant ? { 'x-tenant': next.tenant } : {}), ...next.headers },
          }
        },
      },
    ],
  })
  return {
    requestsPerSecond: result.requests.average,
    latencyMs: {
      average: result.latency.average,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    sent: turn,
  }
}
