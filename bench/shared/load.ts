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
 * Each connection asks again as soon as it is answered: the most the server gives, where latency
 * is mostly the queue the 20 connections make (`measurePaced` reads latency at a stated load).
 */
export const measure = async (baseUrl: string, requests: BenchRequest[], seconds: number, from = 0): Promise<Measurement> => {
  let turn = from
  const result = await autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
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

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0

/**
 * Open loop: `rate` requests a second, each sent at its own moment (one every 1/rate s) whatever
 * became of the ones before, for `seconds`, continuing the rotation at `from`. A request's
 * latency counts from the moment it was due, so a server that falls behind shows it (no
 * coordinated omission). autocannon's own rate option sends each second's share in a burst at
 * the start of the second, which measures the burst's queue instead.
 */
export const measurePaced = async (baseUrl: string, requests: BenchRequest[], seconds: number, from: number, rate: number): Promise<Measurement> => {
  const total = Math.round(rate * seconds)
  const latencies: number[] = []
  let errors = 0
  let non2xx = 0
  const started = performance.now()
  const inFlight: Promise<void>[] = []
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait))
    }
    const next = requests[(from + i) % requests.length]!
    inFlight.push(
      fetch(`${baseUrl}${next.path}`, {
        headers: { accept: 'application/json', ...(next.tenant ? { 'x-tenant': next.tenant } : {}), ...next.headers },
        signal: AbortSignal.timeout(30_000),
      }).then(
        async (response) => {
          await response.arrayBuffer()
          latencies.push(performance.now() - due)
          non2xx += response.status >= 200 && response.status < 300 ? 0 : 1
        },
        () => {
          errors += 1
        },
      ),
    )
  }
  await Promise.all(inFlight)
  const elapsed = (performance.now() - started) / 1000
  const sorted = latencies.sort((a, b) => a - b)
  const round = (ms: number) => Math.round(ms)
  return {
    requestsPerSecond: latencies.length / elapsed,
    latencyMs: {
      average: round(sorted.reduce((sum, ms) => sum + ms, 0) / Math.max(1, sorted.length)),
      p50: round(percentile(sorted, 0.5)),
      p90: round(percentile(sorted, 0.9)),
      p97_5: round(percentile(sorted, 0.975)),
      p99: round(percentile(sorted, 0.99)),
      max: round(sorted.at(-1) ?? 0),
    },
    requests: latencies.length,
    errors,
    timeouts: 0,
    non2xx,
    sent: from + total,
  }
}
