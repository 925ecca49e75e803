import type pg from 'pg'

/**
 * Where a part's time goes inside PostgreSQL, read from its own statistics: the statements the
 * app's connections ran (pg_stat_statements, reset before the part), and what those connections
 * were doing, sampled from pg_stat_activity while it ran (working, waiting for a lock, or idle in
 * a transaction while Node works). The connections are told apart by their `application_name`.
 */

export type StatementRow = {
  query: string
  calls: number
  perUnit: number
  totalMs: number
  meanMs: number
  /** Mean planning time: drizzle's statements are not prepared, so PostgreSQL plans each one every time. */
  meanPlanMs: number
  rows: number
  /** The scans of its generic plan (`EXPLAIN (GENERIC_PLAN)`), e.g. `Index Scan using orders_pkey on orders`. */
  plan?: string[]
}

export type Statements = {
  /** Statements per unit (per event, per checkout), BEGIN and COMMIT included. */
  perUnit: number
  /** Their execution time inside PostgreSQL per unit, in ms (lock waits included). */
  execMsPerUnit: number
  /** Their planning time per unit, in ms. */
  planMsPerUnit: number
  /** By what they do to which table (`insert audit_logs`, `select orders`, `advisory lock`), most frequent first. */
  byTable: { what: string; perUnit: number; execMsPerUnit: number }[]
  top: StatementRow[]
}

/** `insert audit_logs`, `select users`, `advisory lock`, `BEGIN`: what a statement does, to which table. */
const whatOf = (query: string): string => {
  if (/pg_advisory_xact_lock/i.test(query)) {
    return 'advisory lock'
  }
  const verb = query.trim().split(/\s+/)[0]!.toLowerCase()
  const table =
    /^\s*insert into "?(\w+)"?/i.exec(query)?.[1] ??
    /^\s*update "?(\w+)"?/i.exec(query)?.[1] ??
    /^\s*delete from "?(\w+)"?/i.exec(query)?.[1] ??
    /\bfrom "?(\w+)"?/i.exec(query)?.[1]
  return table ? `${verb} ${table}${/for update/i.test(query) ? ' for update' : ''}` : query.trim().slice(0, 40)
}

/** pg_stat_statements must be loaded at start (`shared_preload_libraries`); the extension is made once per database. */
export const enableStatements = async (db: pg.Client): Promise<void> => {
  await db.query('create extension if not exists pg_stat_statements')
}

export const resetStatements = async (db: pg.Client): Promise<void> => {
  await db.query('select pg_stat_statements_reset()')
}

/** The statements run since the reset, by total time, `units` being what they were run for. */
export const readStatements = async (db: pg.Client, units: number, limit = 15): Promise<Statements> => {
  // This process's own queries (the sampler, the checks) are left out by their text.
  const { rows } = await db.query<{ query: string; calls: string; total: number; plan: number; rows: string }>(
    `select regexp_replace(query, '\\s+', ' ', 'g') as query, calls, total_exec_time as total, total_plan_time as plan, rows
       from pg_stat_statements
      where query not ilike '%pg_stat%' and dbid = (select oid from pg_database where datname = current_database())
      order by total_exec_time desc`,
  )
  const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits
  const calls = rows.reduce((sum, row) => sum + Number(row.calls), 0)
  const total = rows.reduce((sum, row) => sum + row.total, 0)
  const planned = rows.reduce((sum, row) => sum + row.plan, 0)
  const byTable = new Map<string, { calls: number; total: number }>()
  for (const row of rows) {
    const what = whatOf(row.query)
    const sum = byTable.get(what) ?? { calls: 0, total: 0 }
    byTable.set(what, { calls: sum.calls + Number(row.calls), total: sum.total + row.total })
  }
  return {
    perUnit: round(calls / units, 1),
    execMsPerUnit: round(total / units),
    planMsPerUnit: round(planned / units),
    byTable: [...byTable]
      .sort((a, b) => b[1].calls - a[1].calls)
      .map(([what, sum]) => ({ what, perUnit: round(sum.calls / units), execMsPerUnit: round(sum.total / units) })),
    top: await Promise.all(
      rows.slice(0, limit).map(async (row) => ({
        query: row.query.length > 160 ? `${row.query.slice(0, 157)}...` : row.query,
        calls: Number(row.calls),
        perUnit: round(Number(row.calls) / units),
        totalMs: Math.round(row.total),
        meanMs: round(row.total / Number(row.calls), 3),
        meanPlanMs: round(row.plan / Number(row.calls), 3),
        rows: Number(row.rows),
        plan: await scansOf(db, row.query),
      })),
    ),
  }
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }

/**
 * The scans of a statement's generic plan, as PostgreSQL would run it for any parameters
 * (`EXPLAIN (GENERIC_PLAN)` takes the normalized text with its `$n` as it is). Only reads are
 * explained: EXPLAIN of a write plans it without running it, but there is nothing to learn there.
 */
const scansOf = async (db: pg.Client, query: string): Promise<string[] | undefined> => {
  if (!/^\s*select\b/i.test(query) || /pg_advisory|for update/i.test(query)) {
    return undefined
  }
  try {
    const { rows } = await db.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`explain (generic_plan, format json) ${query}`)
    const scans: string[] = []
    const walk = (node: PlanNode) => {
      if (node['Relation Name']) {
        scans.push(`${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''} on ${node['Relation Name']}`)
      }
      node.Plans?.forEach(walk)
    }
    walk(rows[0]!['QUERY PLAN'][0]!.Plan)
    return scans
  } catch {
    return undefined
  }
}

export type Activity = {
  samples: number
  /** Average number of the app's connections in each state per sample (`waiting: advisory (select pg_advisory_xact_lock...)`). */
  average: Record<string, number>
}

/** What a connection is doing, in a few words: waits named by what they wait for and the statement waiting. */
const stateOf = (row: { state: string; wait_event_type: string | null; wait_event: string | null; query: string }): string => {
  const statement = row.query.replace(/\s+/g, ' ').trim().slice(0, 70)
  if (row.state === 'idle in transaction') {
    return 'idle in transaction (Node is working)'
  }
  if (row.wait_event_type === 'Lock') {
    return `lock wait: ${row.wait_event} (${statement})`
  }
  if (row.wait_event_type === 'LWLock' || row.wait_event_type === 'IO') {
    return `working: ${row.wait_event_type} ${row.wait_event}`
  }
  if (row.wait_event_type === 'Client') {
    return 'waiting for Node'
  }
  return 'working'
}

/** Samples the app's connections every `everyMs` until stopped; `stop` answers the averages. */
export const sampleActivity = (db: pg.Client, application: string, everyMs = 20): { stop: () => Promise<Activity> } => {
  const counts = new Map<string, number>()
  let samples = 0
  let running = true
  const loop = (async () => {
    while (running) {
      const { rows } = await db.query<{ state: string; wait_event_type: string | null; wait_event: string | null; query: string }>(
        `select state, wait_event_type, wait_event, query from pg_stat_activity where application_name = $1 and state <> 'idle'`,
        [application],
      )
      samples += 1
      for (const row of rows) {
        const state = stateOf(row)
        counts.set(state, (counts.get(state) ?? 0) + 1)
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs))
    }
  })()
  return {
    stop: async () => {
      running = false
      await loop
      const average = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).map(([state, count]) => [state, Math.round((count / Math.max(1, samples)) * 100) / 100]))
      return { samples, average }
    },
  }
}
