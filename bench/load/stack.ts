import fs from 'node:fs'
import path from 'node:path'

import { startWorker, stopWorker } from '../events/worker'
import { cpuMs, descendants, pssKiB, statusKiB } from '../shared/processes'
import { startApp } from '../shared/server'
import { createClient, type Client } from './client'
import { between, scrape, type Scrape, type ServerTimes } from './serverMetrics'

/** A process of the run, measured by its pids (PostgreSQL's change as backends come and go). */
export type Measured = { name: string; pids: () => number[]; metricsPort?: number }

/** A web instance the load generator calls, and how to stop it. */
export type Instance = Measured & { client: Client; stop: () => Promise<void> }

type StackArgs = { databaseUri: string; dataDir: string; env: Record<string, string>; log: (line: string) => void }

const withChildren = (pid: number) => () => [pid, ...descendants(pid)]

/** Starts one production web instance of the app (`npm start`, no jobs worker) with its metrics on a loopback port of its own. */
export const startAqoonWeb = async ({ name, port, metricsPort, databaseUri, dataDir, env, log }: StackArgs & { name: string; port: number; metricsPort: number }): Promise<Instance> => {
  const app = await startApp({ port, databaseUri, dataDir, env: { ...env, METRICS_PORT: String(metricsPort), METRICS_HOST: '127.0.0.1' }, log })
  const client = createClient(app.baseUrl)
  return {
    name,
    pids: withChildren(app.pid),
    metricsPort,
    client,
    stop: async () => {
      client.close()
      await app.stop()
    },
  }
}

/** The app's jobs worker (`npm run worker`), up once its metrics listener answers (it opens once Payload has booted). */
export const startAqoonWorker = async ({ metricsPort, databaseUri, dataDir, env, log }: StackArgs & { metricsPort: number }): Promise<Measured & { stop: () => Promise<void> }> => {
  const worker = startWorker({
    databaseUri,
    env: { NODE_ENV: 'production', AQOON_DATA_DIR: dataDir, ...env, WORKER_METRICS_PORT: String(metricsPort), METRICS_HOST: '127.0.0.1' },
    logFile: path.join(dataDir, 'worker.log'),
  })
  const deadline = Date.now() + 120_000
  while ((await scrape(metricsPort)).size === 0) {
    if (Date.now() > deadline || (await Promise.race([worker.exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 500))]))) {
      await stopWorker(worker, 5_000)
      throw new Error(`The jobs worker did not come up; see ${path.join(dataDir, 'worker.log')}.`)
    }
  }
  log(`jobs worker up (pid ${worker.pid})`)
  return { name: 'worker', pids: withChildren(worker.pid), metricsPort, stop: () => stopWorker(worker, 30_000).then(() => undefined) }
}

/** The postmaster (its pid is the first line of postmaster.pid) and every backend below it. */
export const postgresProcess = (clusterDir: string): Measured => ({
  name: 'postgres',
  pids: () => {
    try {
      return withChildren(Number.parseInt(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]!, 10))()
    } catch {
      return []
    }
  },
})

export type ProcessUse = {
  name: string
  /** CPU time over the window, as a share of one core (200% is both cores). */
  cpuPercent: number
  /** Proportional memory at the end of the window, summed over the process's pids (PostgreSQL's shared buffers split among its backends, not counted once each). */
  pssMiB: number
  /** The kernel's peak resident memory, for a single process (0 for a group). */
  peakRssMiB: number
  /** From its metrics listener, when it has one. */
  server?: ServerTimes
}

const cpuByPid = (pids: number[]): Map<number, number> => {
  const cpu = new Map<number, number>()
  for (const pid of pids) {
    try {
      cpu.set(pid, cpuMs(pid))
    } catch {
      // Gone meanwhile.
    }
  }
  return cpu
}

/**
 * CPU, memory and (where there is a metrics listener) server-side times of each process
 * between `open()` and `close()`. A PostgreSQL backend that exits in between takes its share
 * with it; the pools keep their connections while busy, so little is lost.
 */
export const watch = (processes: Measured[]) => {
  let opened = 0
  let cpu: Map<number, number>[] = []
  let scrapes: Scrape[] = []
  return {
    open: async () => {
      scrapes = await Promise.all(processes.map((p) => (p.metricsPort ? scrape(p.metricsPort) : Promise.resolve(new Map() as Scrape))))
      cpu = processes.map((p) => cpuByPid(p.pids()))
      opened = Date.now()
    },
    close: async (): Promise<ProcessUse[]> => {
      const ms = Date.now() - opened
      const after = processes.map((p) => cpuByPid(p.pids()))
      const ended = await Promise.all(processes.map((p) => (p.metricsPort ? scrape(p.metricsPort) : Promise.resolve(new Map() as Scrape))))
      return processes.map((p, i) => {
        const pids = p.pids()
        const used = [...after[i]!].reduce((sum, [pid, total]) => sum + total - (cpu[i]!.get(pid) ?? 0), 0)
        return {
          name: p.name,
          cpuPercent: Math.round((used / ms) * 1000) / 10,
          pssMiB: Math.round(pssKiB(pids) / 1024),
          peakRssMiB: pids.length === 1 ? Math.round((statusKiB(pids[0]!, 'VmHWM') || 0) / 1024) : 0,
          server: p.metricsPort ? between(scrapes[i]!, ended[i]!) : undefined,
        }
      })
    },
  }
}
