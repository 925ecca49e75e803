import { spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

export type AppProcess = {
  origin: string
  /** SIGTERM to the launcher, as a container stop sends it to its first process; resolves with its exit code. */
  stop: () => Promise<number | null>
  /** What it printed so far. */
  log: () => string
}

/** A port the system hands out, free a moment ago. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })

/** Whether something already listens on `port` of 127.0.0.1. */
export const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })

const START_DEADLINE_MS = 12 * 60_000

/**
 * `npm start` (scripts/serve.ts: migrations, a production build when the sources changed, the
 * HTTP server and its jobs worker) in a process group of its own, with `env` as its whole
 * environment, on a free port; resolves once it answers /api/health/live. Its output goes to
 * `.data/test/<name>.log`.
 */
export const startAppProcess = async ({ name, env }: { name: string; env: NodeJS.ProcessEnv }): Promise<AppProcess> => {
  const port = await freePort()
  const origin = `http://127.0.0.1:${port}`
  const logFile = path.resolve(`.data/test/${name}.log`)
  fs.mkdirSync(path.dirname(logFile), { recursive: true })
  const out = fs.openSync(logFile, 'w')
  // Not under tsx's own launcher: the signal reaches the app's launcher itself, and its exit code comes back.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...env, PORT: String(port), SERVER_URL: origin },
  })
  fs.closeSync(out)
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  let gone = false
  void exited.then(() => (gone = true))
  const log = () => fs.readFileSync(logFile, 'utf8')
  /** Everything it started (the jobs worker, Next's build) is in its process group. */
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  // Should the test runner die first, the server must not outlive it.
  process.once('exit', killGroup)
  const deadline = Date.now() + START_DEADLINE_MS
  for (;;) {
    if (gone) {
      throw new Error(`${name} exited before it answered:\n${log().slice(-4000)}`)
    }
    if (Date.now() > deadline) {
      killGroup()
      throw new Error(`${name} did not answer within ${START_DEADLINE_MS / 1000} s:\n${log().slice(-4000)}`)
    }
    const live = await fetch(`${origin}/api/health/live`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined)
    if (live?.status === 200) {
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  return {
    origin,
    log,
    stop: async () => {
      child.kill('SIGTERM')
      const timer = setTimeout(killGroup, 60_000)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
}
