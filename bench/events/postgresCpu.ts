import type pg from 'pg'

import { cpuMs } from '../shared/processes'

/** The database URI with connections named `name`, so PostgreSQL's work for them can be told apart. */
export const namedConnections = (uri: string, name: string): string => {
  const named = new URL(uri)
  named.searchParams.set('application_name', name)
  return named.toString()
}

/** CPU time so far, in ms, of the PostgreSQL backends serving connections named `name`, by backend pid. */
export const backendCpu = async (db: pg.Client, name: string): Promise<Map<number, number>> => {
  const { rows } = await db.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [name])
  const cpu = new Map<number, number>()
  for (const { pid } of rows) {
    try {
      cpu.set(pid, cpuMs(pid))
    } catch {
      // Gone meanwhile.
    }
  }
  return cpu
}

/**
 * What the backends used between two readings. One that closed in between takes its share with
 * it: the pool keeps idle connections for 10 s, so only a pause that long loses any.
 */
export const cpuBetween = (before: Map<number, number>, after: Map<number, number>): number =>
  [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0)
