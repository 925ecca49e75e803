import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** A positive whole number from the environment (a knob that shortens a trial run), or the default. */
export const intFromEnv = (value: string | undefined, fallback: number): number => {
  const parsed = Number.parseInt(value ?? '', 10)
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback
}

const git = (...args: string[]): string => spawnSync('git', args, { encoding: 'utf8' }).stdout?.trim() ?? ''

/** The commit measured, and whether the work tree differed from it. */
export const gitState = () => ({
  commit: git('rev-parse', 'HEAD'),
  uncommittedChanges: git('status', '--porcelain', '--untracked-files=no') !== '',
})

export const machine = () => ({
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
})

/** The machine's 1-minute load average: well above the core count means other work shared the cores. */
export const loadAverage = (): number => Math.round(os.loadavg()[0]! * 10) / 10

/**
 * Writes a run's record (`last-run.json`): when, which commit, which machine, then the
 * benchmark's own fields, and how long the whole run took. Returns the path written.
 */
export const writeRunRecord = (file: string, fields: Record<string, unknown>, startedAt: number): string => {
  const output = path.resolve(file)
  fs.writeFileSync(
    output,
    `${JSON.stringify({ date: new Date().toISOString(), ...gitState(), machine: machine(), ...fields, totalSeconds: Math.round((Date.now() - startedAt) / 1000) }, null, 2)}\n`,
  )
  return output
}
