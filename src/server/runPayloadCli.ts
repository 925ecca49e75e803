import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'

const tsx = path.resolve('node_modules/tsx/dist/cli.mjs')

/** How a script killed at its deadline is reported. */
const TIMED_OUT = 'did not finish within'
/**
 * Node's exit code for a top-level await that can never settle: under Node 20 tsx's loader runs
 * in a worker that does not hold the process open, and a process with nothing else pending while
 * its modules load ends there, having done nothing.
 */
const UNSETTLED_EXIT = 13
const UNSETTLED = `ended while loading (exit code ${UNSETTLED_EXIT})`

const exitOf = (child: ChildProcess): Promise<number> => new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)))

/**
 * Runs a Payload CLI command (migrate:create, generate:types, ...) against `databaseUri`:
 * developer tools. The app's own migrations go through `runMigrations`.
 */
export const runPayloadCli = async (args: string[], databaseUri: string): Promise<void> => {
  const child = spawn(process.execPath, [path.resolve('node_modules/payload/bin.js'), ...args], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URI: databaseUri, PAYLOAD_CONFIG_PATH: path.resolve('payload.config.ts') },
  })
  const code = await exitOf(child)
  if (code !== 0) {
    throw new Error(`payload ${args.join(' ')} exited with ${code}`)
  }
}

/**
 * Runs a TypeScript script of ours in a child process, so its Payload instance stays its own.
 * With `deadlineMs` (tests), a script still running then is killed and reported: a hung child
 * would otherwise hold a test run's setup until some outer timeout that says nothing. Without
 * it (the launcher), a long migration of a large database runs to its end.
 */
export const runScript = async (script: string, databaseUri: string, deadlineMs?: number): Promise<void> => {
  const child = spawn(process.execPath, [tsx, script], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URI: databaseUri },
  })
  let timedOut = false
  const timer =
    deadlineMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true
          child.kill('SIGKILL')
        }, deadlineMs)
  const code = await exitOf(child).finally(() => clearTimeout(timer))
  if (timedOut) {
    throw new Error(`${script} ${TIMED_OUT} ${Math.round((deadlineMs ?? 0) / 1000)} s`)
  }
  if (code === UNSETTLED_EXIT) {
    throw new Error(`${script} ${UNSETTLED}`)
  }
  if (code !== 0) {
    throw new Error(`${script} exited with ${code}`)
  }
}

/** A test's deadline for one migration run: an empty database migrates in 15 to 70 s here, under load. */
export const MIGRATION_DEADLINE_MS = 150_000

/**
 * Applies the committed migrations (scripts/migrate.ts says why not Payload's CLI). With
 * `deadlineMs` (tests), a run still going then is killed and started again, up to `attempts`
 * times: under Node 20, tsx's loader now and then never finishes loading the config, and a
 * second process loads it at once. A run that ended while loading (exit code 13) is started
 * again the same way, with or without a deadline. Safe to repeat: migrations run under an advisory lock, each
 * in its transaction, and a finished one is not run again.
 */
export const runMigrations = async (databaseUri: string, deadlineMs?: number, attempts = 3): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runScript(path.resolve('scripts/migrate.ts'), databaseUri, deadlineMs)
    } catch (error) {
      const hung = deadlineMs !== undefined && error instanceof Error && error.message.includes(TIMED_OUT)
      const endedLoading = error instanceof Error && error.message.includes(UNSETTLED)
      if (attempt >= attempts || !(hung || endedLoading)) {
        throw error
      }
      console.warn(`[migrate] ${error.message}; starting it again (attempt ${attempt + 1} of ${attempts})`)
    }
  }
}

/** Starts the background jobs worker (scripts/jobs-worker.ts). It runs until killed. */
export const startJobsWorker = (databaseUri: string): ChildProcess =>
  spawn(process.execPath, [tsx, path.resolve('scripts/jobs-worker.ts')], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URI: databaseUri },
  })
