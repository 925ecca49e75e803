import type pg from 'pg'

import { backendCpu, cpuBetween } from '../events/postgresCpu'
import { machineCpuMs } from '../shared/processes'
import { loadAverage } from '../shared/runInfo'
import { type Activity, readStatements, resetStatements, sampleActivity, type Statements } from './diagnose'

export type Observed = {
  /** CPU time per unit (checkout, event), in ms: the app's server process, its PostgreSQL backends, this process (load and stand-in). */
  cpuMsPerUnit: { server: number; postgres: number; benchmark: number }
  /** The machine's cores busy over the part, in percent of all of them: near 100 means the cores, not waiting, bound it. */
  machineBusyPercent: number
  loadAverage: number
  statements: Statements
  activity: Activity
  /** process.hrtime at the start and end of the part, in µs: the window of a CPU profile that belongs to it. */
  windowUs: { from: number; to: number }
}

const nowUs = (): number => Number(process.hrtime.bigint() / 1000n)

/**
 * Runs `work` (a measured part) and reads around it what it cost and where PostgreSQL spent its
 * time: `units` is how many things it did (checkouts, events), known once it is done.
 */
export const observe = async <T>(
  { db, application, serverCpuMs }: { db: pg.Client; application: string; serverCpuMs: () => number },
  work: () => Promise<T>,
  units: (result: T) => number,
): Promise<{ result: T; observed: Observed }> => {
  await resetStatements(db)
  const pgBefore = await backendCpu(db, application)
  const serverBefore = serverCpuMs()
  const machineBefore = machineCpuMs()
  const ownBefore = process.cpuUsage()
  // `db` is the sampler's alone while the part runs: the part talks to the app, not to it.
  const sampler = sampleActivity(db, application)
  const from = nowUs()
  const result = await work()
  const to = nowUs()
  const activity = await sampler.stop()
  const own = process.cpuUsage(ownBefore)
  const machine = machineCpuMs()
  const server = serverCpuMs() - serverBefore
  const postgres = cpuBetween(pgBefore, await backendCpu(db, application))
  const n = Math.max(1, units(result))
  const round = (value: number) => Math.round(value * 100) / 100
  return {
    result,
    observed: {
      cpuMsPerUnit: { server: round(server / n), postgres: round(postgres / n), benchmark: round((own.user + own.system) / 1000 / n) },
      machineBusyPercent: Math.round(((machine.busy - machineBefore.busy) / Math.max(1, machine.total - machineBefore.total)) * 100),
      loadAverage: loadAverage(),
      statements: await readStatements(db, n),
      activity,
      windowUs: { from, to },
    },
  }
}
