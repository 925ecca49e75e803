import autocannon from 'autocannon'

import type { BenchRequest } from './queries'

export type Measurement = {
  requestsPerSecond: number
  latencyMs: { average: number; p50: number; p90: number; p97_5: number; p99: number; max: number }
  requests: number
  errors: number
  timeouts: number
  non2xx: number
}

export const CONNECTIONS = 20

/**
 * Loads `baseUrl` with 20 keep-alive connections for `seconds`, every request the
 * next of `requests` in turn across all connections (one rotation, not one per
 * connection, so the connections do not ask the same thing at the same moment).
 */
export const measure = async (baseUrl: string, requests: BenchRequest[], seconds: number): Promise<Measurement> => {
  let turn = 0
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
          return { ...request, path: next.path, headers: { ...request.headers, 'x-tenant': next.tenant, accept: 'application/json' } }
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
  }
}

/**
 * Asks every request once before loading: each must answer 200 with documents, or
 * the comparison would be between an answer and an error. Returns the average
 * number of matches (totalDocs).
 */
export const check = async (baseUrl: string, requests: BenchRequest[]): Promise<number> => {
  let matches = 0
  for (const { path, tenant } of requests) {
    const response = await fetch(`${baseUrl}${path}`, { headers: { 'x-tenant': tenant } })
    const body = (await response.json()) as { docs?: unknown[]; totalDocs?: number }
    if (response.status !== 200 || !Array.isArray(body.docs)) {
      throw new Error(`${tenant} ${path} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`)
    }
    if (body.docs.length === 0) {
      throw new Error(`${tenant} ${path} found nothing; the seeded words and the searches disagree.`)
    }
    matches += body.totalDocs ?? 0
  }
  return Math.round(matches / requests.length)
}
