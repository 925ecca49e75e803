import type pg from 'pg'

/**
 * PostgreSQL's own account of the app's slow statements: `auto_explain` (shipped with the
 * embedded PostgreSQL) loaded into every new session, switched on only while a slow call
 * is asked again, with `log_analyze` so the plan carries real times and row counts. The
 * plans arrive on the server's log, which the benchmark passes to `collect`.
 */
export type ExplainedStatement = { durationMs: number; queryText: string; plan: string }

let capturing = false
let captured = ''

/** The embedded PostgreSQL's log sink: keeps what it says while a call is being explained. */
export const collect = (line: string): void => {
  if (capturing) {
    captured += `${line}\n`
  }
}

/**
 * Loads auto_explain into every session opened from now on, switched off: start the app
 * after this. A loaded, switched-off auto_explain only checks its threshold per statement.
 */
export const preloadAutoExplain = async (db: pg.Client): Promise<void> => {
  await db.query("load 'auto_explain'")
  await db.query("alter system set session_preload_libraries = 'auto_explain'")
  await db.query('alter system set auto_explain.log_min_duration = -1')
  await db.query('select pg_reload_conf()')
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const configure = async (db: pg.Client, settings: Record<string, string>): Promise<void> => {
  for (const [name, value] of Object.entries(settings)) {
    await db.query(`alter system set ${name} = ${value}`)
  }
  await db.query('select pg_reload_conf()')
  // Each session reads the new settings before its next statement; give the signal time to arrive.
  await settle(300)
}

/** Cuts the log into its auto_explain entries ("duration: … ms  plan: Query Text: …"). */
const parse = (log: string): ExplainedStatement[] =>
  log
    .split(/(?=duration: [\d.]+ ms\s+plan:)/)
    .map((entry) => /^duration: ([\d.]+) ms\s+plan:\s*\n?\s*Query Text: ([\s\S]*?)\n(\s*(?:Limit|Aggregate|Sort|Nested Loop|Hash|Merge|Seq Scan|Index|Bitmap|Unique|Gather|Result|Incremental Sort|Subquery|Append|HashAggregate|GroupAggregate|WindowAgg)[\s\S]*)$/.exec(entry.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({
      durationMs: Number(match[1]),
      queryText: match[2]!.trim(),
      // The plan's lines are indented; the next log line (another entry, a reload) is not.
      plan: match[3]!.split(/\n(?=\S)/)[0]!.replace(/\s+$/, ''),
    }))

/**
 * Runs `ask` (one slow call) with auto_explain on for statements over `minMs`, and answers
 * the statements PostgreSQL explained, slowest first.
 */
export const explainSlowStatements = async (db: pg.Client, minMs: number, ask: () => Promise<unknown>): Promise<ExplainedStatement[]> => {
  captured = ''
  capturing = true
  try {
    await configure(db, {
      'auto_explain.log_analyze': 'on',
      'auto_explain.log_buffers': 'on',
      'auto_explain.log_parameter_max_length': '-1',
      'auto_explain.log_min_duration': `'${minMs}ms'`,
    })
    await ask()
    await settle(500)
  } finally {
    await configure(db, { 'auto_explain.log_min_duration': '-1', 'auto_explain.log_analyze': 'off' })
    capturing = false
  }
  return parse(captured).sort((a, b) => b.durationMs - a.durationMs)
}
