import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const SOURCES = ['src', 'payload.config.ts', 'next.config.mjs', 'package-lock.json']
const LOCK = path.resolve('.next-build.lock')
const LOCK_DEADLINE_MS = 15 * 60_000

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

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Two launches at once (a second `npm start`, a benchmark beside the tests) must not
 * build into the same folder together: the second waits for the first. A lock left by
 * a process that died is taken over.
 */
const withBuildLock = (work: () => void): void => {
  const deadline = Date.now() + LOCK_DEADLINE_MS
  for (;;) {
    try {
      fs.mkdirSync(LOCK)
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid))
      break
    } catch {
      const holder = Number(fs.readFileSync(path.join(LOCK, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0)
      if (holder > 0 && !alive(holder)) {
        fs.rmSync(LOCK, { recursive: true, force: true })
        continue
      }
      if (Date.now() > deadline) {
        throw new Error(`another build has held ${LOCK} for too long`)
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500)
    }
  }
  try {
    work()
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true })
  }
}

/** Runs `next build` when there is no build or the sources changed since the last one. */
export const buildIfStale = (log: (line: string) => void): void => {
  // The sources' newest change as the last build saw it when it started: a file saved
  // during a build makes the next launch build again.
  const stamp = path.resolve('.next/aqoon-sources-mtime')
  const newestSource = () => Math.max(...SOURCES.map(newestMtime))
  const fresh = () =>
    fs.existsSync(path.resolve('.next/BUILD_ID')) &&
    fs.existsSync(stamp) &&
    Number(fs.readFileSync(stamp, 'utf8')) >= newestSource()
  if (fresh()) {
    return
  }
  withBuildLock(() => {
    // Whoever held the lock may just have built these very sources.
    if (fresh()) {
      return
    }
    log('Building the app (next build); this takes a minute or two the first time...')
    const sourcesAt = newestSource()
    const result = spawnSync(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'build'], {
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    })
    if (result.status !== 0) {
      throw new Error('next build failed')
    }
    fs.writeFileSync(stamp, String(sourcesAt))
  })
}
