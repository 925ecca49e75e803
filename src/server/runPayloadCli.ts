import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'

/** Runs a Payload CLI command (such as `migrate`) in a child process against `databaseUri`. */
export const runPayloadCli = async (args: string[], databaseUri: string): Promise<void> => {
  const child = spawn(process.execPath, [path.resolve('node_modules/payload/bin.js'), ...args], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URI: databaseUri, PAYLOAD_CONFIG_PATH: path.resolve('payload.config.ts') },
  })
  const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)))
  if (code !== 0) {
    throw new Error(`payload ${args.join(' ')} exited with ${code}`)
  }
}

/** Runs a TypeScript script of ours in a child process, so its Payload instance stays its own. */
export const runScript = async (script: string, databaseUri: string): Promise<void> => {
  const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), script], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URI: databaseUri },
  })
  const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)))
  if (code !== 0) {
    throw new Error(`${script} exited with ${code}`)
  }
}

/**
 * Starts the background jobs worker (Payload's `jobs:run` on a cron, all queues, with
 * scheduled tasks queued as they fall due). It runs until killed.
 */
export const startJobsWorker = (databaseUri: string, cron: string): ChildProcess =>
  spawn(
    process.execPath,
    [path.resolve('node_modules/payload/bin.js'), 'jobs:run', '--cron', cron, '--all-queues', '--handle-schedules'],
    {
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URI: databaseUri, PAYLOAD_CONFIG_PATH: path.resolve('payload.config.ts') },
    },
  )
