import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import type { Stripped } from './plainConfig'
import type { RunningApp } from './server'

import { cpuMs, descendants, killAll, statusKiB } from './processes'

/** A plain Payload server: what startApp answers for ours, and what was stripped from the config. */
export type RunningPlainPayload = RunningApp & { stripped: Stripped }

type Args = {
  databaseUri: string
  port: number
  /** Where the server's output goes. @default `.data/plain-payload-<port>.log` */
  logFile?: string
  /** Added to the server's environment. */
  env?: Record<string, string>
  log?: (line: string) => void
}

const STARTUP_DEADLINE_MS = 3 * 60_000
const STOP_DEADLINE_MS = 15_000

type Listening = { kind: 'listening'; url: string; stripped: Stripped }

const isListening = (message: unknown): message is Listening =>
  typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'listening'

/**
 * The environment Aqoon's config is built in, without what would add behaviour to the plain
 * server's config: traces (the config then wraps node-postgres in a tracing driver) and S3
 * (the storage plugin then adds its upload handlers).
 */
const plainEnvironment = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env = { ...process.env, ...extra }
  for (const name of Object.keys(env).filter((key) => /^(OTEL_|S3_)/.test(key))) {
    delete env[name]
  }
  return env
}

/**
 * Starts the plain Payload baseline (bench/shared/README.md) on `port`, over the database at
 * `databaseUri`, which must already hold Aqoon's schema (migrated). Like startApp, Node runs the
 * server with tsx's loader in-process, so `pid` is the server's own for memory and CPU.
 */
export const startPlainPayload = async ({
  databaseUri,
  port,
  logFile = path.resolve('.data', `plain-payload-${port}.log`),
  env = {},
  log = () => undefined,
}: Args): Promise<RunningPlainPayload> => {
  const baseUrl = `http://127.0.0.1:${port}`
  if (await fetch(baseUrl).then(() => true, () => false)) {
    throw new Error(`Port ${port} is already serving; stop that server first.`)
  }
  fs.mkdirSync(path.dirname(logFile), { recursive: true })
  const out = fs.openSync(logFile, 'a')
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('bench/shared/plainPayloadServer.ts')], {
    stdio: ['ignore', out, out, 'ipc'],
    env: plainEnvironment({
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URI: databaseUri,
      SERVER_URL: `http://localhost:${port}`,
      PAYLOAD_SECRET: process.env.PAYLOAD_SECRET ?? 'bench-secret-not-for-production-use',
      LOG_LEVEL: 'warn',
      ...env,
    }),
  })
  fs.closeSync(out)
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)))

  const listening = await new Promise<Listening>((resolve, reject) => {
    const timer = setTimeout(() => {
      killAll([...descendants(child.pid!), child.pid!], 'SIGKILL')
      reject(new Error(`The plain Payload server did not start in ${STARTUP_DEADLINE_MS / 1000} s; see ${logFile}.`))
    }, STARTUP_DEADLINE_MS)
    child.on('message', (message) => {
      if (isListening(message)) {
        clearTimeout(timer)
        resolve(message)
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`The plain Payload server exited with ${code} while starting; see ${logFile}.`))
    })
  })
  const pid = child.pid!
  log(`plain Payload up on ${baseUrl} (pid ${pid})`)

  return {
    pid,
    baseUrl,
    stripped: listening.stripped,
    memory: () => ({
      rssMiB: Math.round(statusKiB(pid, 'VmRSS') / 1024),
      peakRssMiB: Math.round(statusKiB(pid, 'VmHWM') / 1024),
    }),
    cpuMs: () => cpuMs(pid),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        return
      }
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS)
      const code = await exited
      clearTimeout(timer)
      log(`plain Payload on ${baseUrl} stopped${code === 0 ? '' : ` with exit code ${code}; see ${logFile}`}`)
    },
  }
}
