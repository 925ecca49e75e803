import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import { performance } from 'node:perf_hooks'

import { cpuMs, descendants, killAll, statusKiB } from '../shared/processes'

export type Worker = {
  pid: number
  startedAt: number
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<string>
  /** Peak resident memory sampled so far, and the kernel's own peak (VmHWM), in MiB. */
  memory: () => { rssMiB: number; peakRssMiB: number }
  /** CPU time used, in ms; after exit, the last reading (at most 250 ms old). */
  cpuMs: () => number
  signal: (signal: NodeJS.Signals) => void
}

type Args = {
  databaseUri: string
  env: Record<string, string>
  logFile: string
  /** Where to write a V8 CPU profile of the worker (`--cpu-prof`), if anywhere. */
  profileDir?: string
}

/**
 * Starts the app's own jobs worker, `scripts/jobs-worker.ts`, as a deployment runs it. Node
 * runs it with tsx's loader in-process (as tests/int/webhooks.int.spec.ts does), not through
 * the tsx CLI, so the pid is the worker's: its memory is what is read, and SIGKILL kills it.
 */
export const startWorker = ({ databaseUri, env, logFile, profileDir }: Args): Worker => {
  const out = fs.openSync(logFile, 'a')
  const startedAt = performance.now()
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
  const child: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', 'scripts/jobs-worker.ts'], {
    stdio: ['ignore', out, out],
    env: { ...process.env, DATABASE_URI: databaseUri, ...env },
  })
  fs.closeSync(out)
  const pid = child.pid!
  let peakKiB = 0
  let hwmKiB = 0
  let lastCpuMs = 0
  // The kernel's peak and CPU time are gone with the process: read them while it is there.
  const sample = () => {
    peakKiB = Math.max(peakKiB, statusKiB(pid, 'VmRSS') || 0)
    hwmKiB = Math.max(hwmKiB, statusKiB(pid, 'VmHWM') || 0)
    try {
      lastCpuMs = cpuMs(pid)
    } catch {
      // Gone.
    }
  }
  const sampler = setInterval(sample, 250)
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      clearInterval(sampler)
      resolve(signal ?? String(code))
    })
  })
  return {
    pid,
    startedAt,
    exited,
    memory: () => {
      sample()
      return { rssMiB: Math.round(peakKiB / 1024), peakRssMiB: Math.round(hwmKiB / 1024) }
    },
    cpuMs: () => {
      sample()
      return lastCpuMs
    },
    signal: (signal) => {
      // Once it has exited its pid may be another process's: signal nothing then.
      if (child.exitCode !== null || child.signalCode !== null) {
        return
      }
      // A worker's own children (none expected) go with it.
      killAll(descendants(pid), signal)
      child.kill(signal)
    },
  }
}

/** Stops a worker as a deployment would (SIGTERM), and kills it if it has not gone by the deadline. */
export const stopWorker = async (worker: Worker, deadlineMs: number): Promise<{ stopMs: number; forced: boolean }> => {
  const started = performance.now()
  worker.signal('SIGTERM')
  let timer: NodeJS.Timeout | undefined
  const forced = await Promise.race([
    worker.exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), deadlineMs)
    }),
  ])
  clearTimeout(timer)
  if (forced) {
    worker.signal('SIGKILL')
    await worker.exited
  }
  return { stopMs: Math.round(performance.now() - started), forced }
}
