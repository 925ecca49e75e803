import type { ConnectionStates } from './connections'
import type { StepCost } from './costs'
import type { StepSummary } from './recorder'
import type { ProcessUse } from './stack'
import type { ScenarioResult } from './virtualUsers'

export type ScenarioRow = ScenarioResult & {
  name: string
  description: string
  users: number
  instances: number
  processes: ProcessUse[]
  /** The whole machine's busy CPU over the window, as a share of one core, and the part no process of this run used. */
  machine: { busyPercent: number; othersPercent: number; loadAverage: number }
  /** The processes' PostgreSQL connections by state, sampled over the window. */
  connections?: ConnectionStates
}

/** The issue's target: p99 under 300 ms for every step, and no errors. */
export const TARGET_P99_MS = 300

const fmt = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 })

export const stepTable = (row: ScenarioRow): string[] => {
  const line = (s: StepSummary) => `| ${s.step} | ${fmt(s.count)} | ${fmt(s.perSecond)} | ${fmt(s.p50Ms)} | ${fmt(s.p90Ms)} | ${fmt(s.p99Ms)} | ${fmt(s.maxMs)} | ${s.errors} |`
  const errors = row.steps.reduce((sum, s) => sum + s.errors, 0)
  return [
    '| step | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...row.steps.map(line),
    `| **all** | ${fmt(row.steps.reduce((sum, s) => sum + s.count, 0))} | ${fmt(row.requestsPerSecond)} | | | | | ${errors} |`,
    ...(row.login ? [`| sign-in before the ramp-up (${fmt(row.login.seconds)} s; not in the mix) | ${fmt(row.login.count)} | ${fmt(row.login.perSecond)} | ${fmt(row.login.p50Ms)} | ${fmt(row.login.p90Ms)} | ${fmt(row.login.p99Ms)} | ${fmt(row.login.maxMs)} | ${row.login.errors} |`] : []),
  ]
}

export const processTable = (row: ScenarioRow): string[] => [
  '| process | CPU % of one core | memory (PSS) MiB | peak RSS MiB |',
  '| --- | ---: | ---: | ---: |',
  ...row.processes.map((p) => `| ${p.name} | ${fmt(p.cpuPercent)} | ${fmt(p.pssMiB)} | ${p.peakRssMiB ? fmt(p.peakRssMiB) : ''} |`),
  `| load generator (this process) | ${fmt(row.loadGenerator.cpuPercent)} | | |`,
  `| whole machine (busy) / not this run's processes | ${fmt(row.machine.busyPercent)} / ${fmt(row.machine.othersPercent)} | | |`,
]

/** The server's own view of each route (arrival to the answer's end) and its database pool, per web instance. */
export const serverTable = (row: ScenarioRow): string[] => {
  const withTimes = row.processes.filter((p) => p.server && p.server.routes.length > 0)
  if (withTimes.length === 0) {
    return []
  }
  return [
    '| process | route and status | requests | server mean ms |',
    '| --- | --- | ---: | ---: |',
    ...withTimes.flatMap((p) => p.server!.routes.slice(0, 12).map((r) => `| ${p.name} | \`${r.route}\` | ${fmt(r.count)} | ${fmt(r.meanMs)} |`)),
    '',
    '| process | queries | mean wait for a pool connection, ms | waited over 5 ms |',
    '| --- | ---: | ---: | ---: |',
    ...row.processes.filter((p) => p.server).map((p) => `| ${p.name} | ${fmt(p.server!.poolWait.queries)} | ${fmt(p.server!.poolWait.meanMs)} | ${fmt(p.server!.poolWait.over5ms)} |`),
  ]
}

export const errorLines = (row: ScenarioRow): string[] =>
  row.steps
    .filter((s) => s.errors > 0)
    .flatMap((s) => [`- ${s.step}: ${Object.entries(s.errorKinds).map(([kind, n]) => `${n} × ${kind}`).join(', ')}`, ...s.errorSamples.map((sample) => `  - \`${sample.replace(/`/g, "'")}\``)])
    .concat(row.login && row.login.errors > 0 ? [`- login: ${JSON.stringify(row.login.errorKinds)}`, ...row.login.errorSamples.map((sample) => `  - \`${sample}\``)] : [])

export const scenarioSection = (row: ScenarioRow): string[] => [
  `### ${row.name}: ${row.description}`,
  '',
  `${row.users} users on ${row.instances} instance(s), ${fmt(row.seconds)} s measured after ${fmt(row.rampUpSeconds)} s of sign-in, ramp-up and warm-up; ` +
    `load generator: ${fmt(row.loadGenerator.cpuPercent)}% CPU, event-loop delay p99 ${fmt(row.loadGenerator.eventLoopDelayMs.p99)} ms, ` +
    `at most ${row.loadGenerator.peakInFlight} requests in flight; load average ${row.machine.loadAverage} at the end.`,
  '',
  ...stepTable(row),
  '',
  ...processTable(row),
  '',
  ...(serverTable(row).length ? [...serverTable(row), ''] : []),
  ...(row.connections && row.connections.samples > 0
    ? [
        `PostgreSQL connections (${row.connections.samples} samples, 2 s apart), on average / at most: ` +
          Object.keys(row.connections.max).sort().map((kind) => `${kind} ${fmt(row.connections!.mean[kind] ?? 0)} / ${row.connections!.max[kind]}`).join(', ') + '.',
        '',
      ]
    : []),
  ...(errorLines(row).length ? ['Errors:', '', ...errorLines(row), ''] : []),
]

/** How throughput grows from one web instance to two, the same closed loop on each. */
export const scalingTable = (one: ScenarioRow | undefined, two: ScenarioRow | undefined): string[] => {
  const rows = [one, two].filter((row): row is ScenarioRow => row !== undefined)
  if (rows.length === 0) {
    return []
  }
  const webCpu = (row: ScenarioRow) => row.processes.filter((p) => p.name.startsWith('web')).reduce((sum, p) => sum + p.cpuPercent, 0)
  const postgres = (row: ScenarioRow) => row.processes.find((p) => p.name === 'postgres')?.cpuPercent ?? 0
  const p99 = (row: ScenarioRow) => Math.max(...row.steps.map((s) => s.p99Ms))
  // CPU per request: a share of one core over the window, per request answered in it.
  const perRequest = (percent: number, row: ScenarioRow) => fmt(Math.round((percent * 10) / row.requestsPerSecond * 10) / 10)
  return [
    '| web instances | users (no think time) | req/s | vs one instance | worst step p99 ms | errors | web CPU % | web CPU ms/req | PostgreSQL CPU % | PostgreSQL CPU ms/req | load generator CPU % | machine busy % (not this run) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) =>
      `| ${row.instances} | ${row.users} | ${fmt(row.requestsPerSecond)} | ${one ? `${(row.requestsPerSecond / one.requestsPerSecond).toFixed(2)}x` : ''} | ${fmt(p99(row))} | ` +
        `${row.steps.reduce((sum, s) => sum + s.errors, 0)} | ${fmt(webCpu(row))} | ${perRequest(webCpu(row), row)} | ${fmt(postgres(row))} | ${perRequest(postgres(row), row)} | ` +
        `${fmt(row.loadGenerator.cpuPercent)} | ${fmt(row.machine.busyPercent)} (${fmt(row.machine.othersPercent)}) |`,
    ),
  ]
}

/** Aqoon against stock Payload, step by step, in the same mix. */
export const comparisonTable = (ours: ScenarioRow | undefined, stock: ScenarioRow | undefined): string[] => {
  if (!ours || !stock) {
    return []
  }
  return [
    '| step | Aqoon p50 / p99 ms | stock p50 / p99 ms | Aqoon errors | stock errors |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...ours.steps.map((s) => {
      const t = stock.steps.find((x) => x.step === s.step)!
      return `| ${s.step} | ${fmt(s.p50Ms)} / ${fmt(s.p99Ms)} | ${fmt(t.p50Ms)} / ${fmt(t.p99Ms)} | ${s.errors} | ${t.errors} |`
    }),
  ]
}

export const verdicts = (rows: ScenarioRow[]): string[] =>
  rows
    .filter((row) => row.name === 'mixed')
    .map((row) => {
      const over = row.steps.filter((s) => s.p99Ms >= TARGET_P99_MS)
      const errors = row.steps.reduce((sum, s) => sum + s.errors, 0)
      const met = over.length === 0 && errors === 0 && row.steps.every((s) => s.count > 0)
      return `${row.users} users, two instances and a worker: ${met ? 'MET' : 'NOT MET'} (target: p99 under ${TARGET_P99_MS} ms for every step and no errors)` +
        `${over.length ? `; over: ${over.map((s) => `${s.step} ${fmt(s.p99Ms)} ms`).join(', ')}` : ''}${errors ? `; ${errors} errors` : ''}`
    })

/**
 * Each step on its own, one request at a time, and the whole visit: with `cores` cores and
 * nothing else running, a visit's CPU bounds how many requests per second the machine answers.
 */
export const costTable = (aqoon: StepCost[] | undefined, stock: StepCost[] | undefined, cores: number): string[] => {
  const sides = [aqoon, stock].filter((side): side is StepCost[] => side !== undefined)
  if (sides.length === 0) {
    return []
  }
  const cells = (side: StepCost[] | undefined, step: string) => {
    const c = side?.find((x) => x.step === step)
    return c ? `${fmt(c.meanMs)} | ${fmt(c.serverCpuMs)} | ${fmt(c.postgresCpuMs)}` : ' | | '
  }
  const visit = (side: StepCost[] | undefined) => {
    if (!side) {
      return ' | | '
    }
    const sum = (pick: (c: StepCost) => number) => side.reduce((total, c) => total + pick(c), 0)
    return `${fmt(sum((c) => c.meanMs))} | ${fmt(sum((c) => c.serverCpuMs))} | ${fmt(sum((c) => c.postgresCpuMs))}`
  }
  // Requests per second the cores could answer if they did nothing but this mix.
  const ceiling = (side: StepCost[] | undefined) => {
    const cpu = side ? side.reduce((total, c) => total + c.serverCpuMs + c.postgresCpuMs, 0) / side.length : 0
    return cpu > 0 ? fmt(Math.round((cores * 1000) / cpu)) : ''
  }
  return [
    '| step | Aqoon ms | Aqoon web CPU ms | Aqoon PostgreSQL CPU ms | stock ms | stock web CPU ms | stock PostgreSQL CPU ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...(aqoon ?? stock)!.map((c) => `| ${c.step} | ${cells(aqoon, c.step)} | ${cells(stock, c.step)} |`),
    `| **a visit (the six steps)** | ${visit(aqoon)} | ${visit(stock)} |`,
    `| requests/s ${cores} cores could answer at most (web + PostgreSQL CPU only) | ${ceiling(aqoon)} | | | ${ceiling(stock)} | | |`,
  ]
}
