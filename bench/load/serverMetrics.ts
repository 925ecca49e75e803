/** One reading of a process's Prometheus metrics: every sample, keyed by name and labels as exposed. */
export type Scrape = Map<string, number>

/** Reads `/metrics` from a metrics listener on loopback (METRICS_PORT or WORKER_METRICS_PORT); empty if it does not answer. */
export const scrape = async (port: number): Promise<Scrape> => {
  const samples: Scrape = new Map()
  try {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5_000) })
    for (const line of (await response.text()).split('\n')) {
      const match = /^(aqoon_[a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line)
      if (match) {
        samples.set(match[1]!, Number(match[2]))
      }
    }
  } catch {
    // No reading: the summary shows nothing for this process.
  }
  return samples
}

export type RouteTime = { route: string; count: number; meanMs: number }

export type ServerTimes = {
  /** Per route template and status, as the server measured them: from the request's arrival to the end of its answer. */
  routes: RouteTime[]
  /** Queries that waited for a connection of the process's database pool, and how long on average. */
  poolWait: { queries: number; meanMs: number; over5ms: number }
}

const labelled = /^aqoon_http_request_duration_seconds_(sum|count)\{(.*)\}$/

/** What happened between two readings of one process. */
export const between = (before: Scrape, after: Scrape): ServerTimes => {
  const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0)
  const routes = new Map<string, { sum: number; count: number }>()
  for (const key of after.keys()) {
    const match = labelled.exec(key)
    if (!match) {
      continue
    }
    const labels = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map(([, name, value]) => [name!, value!]))
    const name = `${labels.method} ${labels.route} ${labels.status}`
    const entry = routes.get(name) ?? { sum: 0, count: 0 }
    entry[match[1] as 'sum' | 'count'] += delta(key)
    routes.set(name, entry)
  }
  const queries = delta('aqoon_db_pool_wait_seconds_count')
  return {
    routes: [...routes]
      .filter(([, { count }]) => count > 0)
      .map(([route, { sum, count }]) => ({ route, count, meanMs: Math.round((sum / count) * 10_000) / 10 }))
      .sort((a, b) => b.count - a.count),
    poolWait: {
      queries,
      meanMs: queries > 0 ? Math.round((delta('aqoon_db_pool_wait_seconds_sum') / queries) * 10_000) / 10 : 0,
      over5ms: queries - delta('aqoon_db_pool_wait_seconds_bucket{le="0.005"}'),
    },
  }
}
