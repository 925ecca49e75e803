import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const SOURCES = ['src', 'payload.config.ts', 'next.config.mjs', 'package-lock.json']

const newestMtime = (entry: string): number => {
  if (!fs.existsSync(entry)) {
    return 0
  }
  const stat = fs.statSync(entry)
  if (!stat.isDirectory()) {
    return stat.mtimeMs
  }
  return fs
    .readdirSync(entry)
    .reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs)
}

/** Runs `next build` when there is no build or the sources changed since the last one. */
export const buildIfStale = (log: (line: string) => void): void => {
  const buildId = path.resolve('.next/BUILD_ID')
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0
  if (builtAt > Math.max(...SOURCES.map(newestMtime))) {
    return
  }
  log('Building the app (next build); this takes a minute or two the first time...')
  const result = spawnSync(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  })
  if (result.status !== 0) {
    throw new Error('next build failed')
  }
}
