import fs from 'node:fs'

/** A field of /proc/<pid>/status in KiB (VmRSS, VmHWM); NaN once the process is gone. */
export const statusKiB = (pid: number, field: string): number => {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
    return match ? Number(match[1]) : Number.NaN
  } catch {
    return Number.NaN
  }
}

/** Every process below `pid` (migrations, a jobs worker, a browser), so none outlives the benchmark. */
export const descendants = (pid: number): number[] => {
  const children = new Map<number, number[]>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue
    }
    try {
      // The parent pid is the 2nd field after the parenthesised command name.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)])
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = []
  const walk = (of: number): void => {
    for (const child of children.get(of) ?? []) {
      found.push(child)
      walk(child)
    }
  }
  walk(pid)
  return found
}

/** Resident memory of the processes, in KiB, summed (shared pages count once per process: an upper bound). */
export const rssKiB = (pids: number[]): number =>
  pids.map((pid) => statusKiB(pid, 'VmRSS')).filter(Number.isFinite).reduce((sum, kib) => sum + kib, 0)

export const killAll = (pids: number[], signal: NodeJS.Signals): void => {
  for (const pid of pids) {
    try {
      process.kill(pid, signal)
    } catch {
      // Already gone.
    }
  }
}
