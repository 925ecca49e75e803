import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { cpuMs, descendants, killAll, statusKiB } from './processes'

export type RunningApp = {
  pid: number
  baseUrl: string
  /** Resident and peak resident memory of the server process, in MiB. */
  memory: () => { rssMiB: number; peakRssMiB: number }
  /** CPU time the server process has used so far, in ms: per request, what an answer costs it whatever else runs. */
  cpuMs: () => number
  stop: () => Promise<void>
}

type Args = {
  port: number
  databaseUri: string
  dataDir: string
  env?: Record<string, string>
  log: (line: string) => void
}

const STARTUP_DEADLINE_MS = 10 * 60_000

const exited = (child: ChildProcess): Promise<number> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve(child.exitCode)
    } else {
      child.once('exit', (code) => resolve(code ?? 1))
    }
  })

/**
 * Starts the app as `npm start` does (build if stale, migrate, serve), on its own
 * port and data folder. Node runs serve.ts with tsx's loader in-process rather than
 * through the tsx CLI, which would put a second process between us and the server:
 * the pid we measure is the server's own.
 */
export const startApp = async ({ port, databaseUri, dataDir, env = {}, log }: Args): Promise<RunningApp> => {
  const baseUrl = `http://127.0.0.1:${port}`
  if (await fetch(`${baseUrl}/api/health`).then(() => true, () => false)) {
    throw new Error(`Port ${port} is already serving; stop that server first.`)
  }
  const logFile = path.join(dataDir, `server-${port}.log`)
  const out = fs.openSync(logFile, 'a')
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      // What `npm start` and the image give a web process (package.json, Dockerfile).
      NODE_OPTIONS: process.env.NODE_OPTIONS ?? '--max-old-space-size=384',
      PORT: String(port),
      DATABASE_URI: databaseUri,
      AQOON_DATA_DIR: dataDir,
      SERVER_URL: `http://localhost:${port}`,
      PAYLOAD_SECRET: process.env.PAYLOAD_SECRET ?? 'bench-secret-not-for-production-use',
      LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
      // A jobs worker is a second process booting Payload beside the measured one.
      JOBS_WORKER: 'false',
      ...env,
    },
  })
  fs.closeSync(out)
  const exit = exited(child)

  const deadline = Date.now() + STARTUP_DEADLINE_MS
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`The app exited with ${child.exitCode} while starting; see ${logFile}.`)
    }
    if (Date.now() > deadline) {
      killAll([...descendants(child.pid!), child.pid!], 'SIGTERM')
      throw new Error(`The app did not answer /api/health in ${STARTUP_DEADLINE_MS / 1000} s; see ${logFile}.`)
    }
    const healthy = await fetch(`${baseUrl}/api/health`).then((res) => res.status === 200, () => false)
    if (healthy) {
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  log(`app up on ${baseUrl} (pid ${child.pid})`)

  const pid = child.pid!
  return {
    pid,
    baseUrl,
    memory: () => ({
      rssMiB: Math.round(statusKiB(pid, 'VmRSS') / 1024),
      peakRssMiB: Math.round(statusKiB(pid, 'VmHWM') / 1024),
    }),
    cpuMs: () => cpuMs(pid),
    stop: async () => {
      const below = descendants(pid)
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exit
      clearTimeout(timer)
      killAll(below, 'SIGKILL')
    },
  }
}
