import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'

const tsx = path.resolve('node_modules/tsx/dist/cli.mjs')

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
    throw new Error(`${script} did not finish within ${Math.round((deadlineMs ?? 0) / 1000)} s`)
  }
  if (code !== 0) {
    throw new Error(`${script} exited with ${code}`)
  }
}

/** Applies the committed migrations (scripts/migrate.ts says why not Payload's CLI). */
export const runMigrations = (databaseUri: string, deadlineMs?: number): Promise<void> =>
  runScript(path.resolve('scripts/migrate.ts'), databaseUri, deadlineMs)

/** Starts the background jobs worker (scripts/jobs-worker.ts). It runs until killed. */
export const startJobsWorker = (databaseUri: string): ChildProcess =>
  spawn(process.execPath, [tsx, path.resolve('scripts/jobs-worker.ts')], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URI: databaseUri },
  })
