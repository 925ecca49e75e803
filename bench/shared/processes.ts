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

/** CPU time (user + system) the process has used so far, in ms; clock ticks are 10 ms on Linux. */
export const cpuMs = (pid: number): number => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  // utime and stime are the 14th and 15th fields, the 12th and 13th after the command name.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
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

const sum = (values: number[]): number => values.filter(Number.isFinite).reduce((total, kib) => total + kib, 0)

/** Resident memory of the processes, in KiB, summed: pages they share count once per process, so an upper bound. Cheap to read. */
export const rssKiB = (pids: number[]): number => sum(pids.map((pid) => statusKiB(pid, 'VmRSS')))

/**
 * Proportional memory of the processes, in KiB, summed: each shared page is split among
 * the processes sharing it, so the sum is what the group really holds. Reading it walks
 * every mapping (milliseconds per Chromium process), so sample it sparingly.
 */
export const pssKiB = (pids: number[]): number =>
  sum(
    pids.map((pid) => {
      try {
        const match = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))
        return match ? Number(match[1]) : Number.NaN
      } catch {
        return Number.NaN
      }
    }),
  )

export const killAll = (pids: number[], signal: NodeJS.Signals): void => {
  for (const pid of pids) {
    try {
      process.kill(pid, signal)
    } catch {
      // Already gone.
    }
  }
}

/**
 * The whole machine's CPU time since boot, in ms summed over its cores: busy (everything but
 * idle and I/O wait) and all. Two readings tell how loaded it was in between, whoever's work it
 * was (another benchmark, a test suite).
 */
export const machineCpuMs = (): { busy: number; total: number } => {
  // user nice system idle iowait irq softirq steal (guest time is counted inside user already).
  const ticks = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number)
  const total = ticks.reduce((sum, value) => sum + value, 0)
  return { busy: (total - ticks[3]! - ticks[4]!) * 10, total: total * 10 }
}
