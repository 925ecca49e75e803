import pg from 'pg'

/** What the database's client connections were doing, on average and at most over the samples. */
export type ConnectionStates = {
  samples: number
  mean: Record<string, number>
  max: Record<string, number>
}

const INTERVAL_MS = 2_000

/**
 * Samples `pg_stat_activity` every 2 s on a connection of its own: how many of the processes'
 * connections were running a statement, waiting for a lock, idle inside a transaction (held from
 * the pool while the process does something else), or idle. With every pool of 10 busy, this
 * tells whether the database is the bottleneck or the connections are held elsewhere.
 */
export const sampleConnections = async (databaseUri: string) => {
  const db = new pg.Client({ connectionString: databaseUri, application_name: 'bench-load-sampler' })
  await db.connect()
  const totals: Record<string, number> = {}
  const max: Record<string, number> = {}
  let samples = 0
  const sample = async () => {
    const { rows } = await db.query<{ kind: string; n: number }>(
      `select case when state = 'active' and wait_event_type = 'Lock' then 'waiting for a lock'
                   when state = 'active' then 'active'
                   else coalesce(state, 'unknown') end as kind, count(*)::int as n
         from pg_stat_activity
        where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()
        group by 1`,
    )
    samples++
    for (const { kind, n } of rows) {
      totals[kind] = (totals[kind] ?? 0) + n
      max[kind] = Math.max(max[kind] ?? 0, n)
    }
  }
  let running = Promise.resolve()
  const timer = setInterval(() => {
    running = running.then(sample).catch(() => undefined)
  }, INTERVAL_MS)
  return {
    stop: async (): Promise<ConnectionStates> => {
      clearInterval(timer)
      await running
      await db.end()
      return {
        samples,
        mean: Object.fromEntries(Object.entries(totals).map(([kind, total]) => [kind, Math.round((total / Math.max(1, samples)) * 10) / 10])),
        max,
      }
    },
  }
}
