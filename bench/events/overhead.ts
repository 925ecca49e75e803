import { type ChildProcess, spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import type pg from 'pg'

import type { Order, Report, Variant } from './enroll'
import { backendCpu, cpuBetween, namedConnections } from './postgresCpu'
import type { School, Student } from './seed'
import { overheadPercent, percentile, type Summary, summarize } from './stats'

export const VARIANTS: Variant[] = ['with-outbox', 'without-outbox']

type VariantResult = Summary & {
  /** One requester after another: 1000 / mean latency. */
  enrollmentsPerSecond: number
  /** The enrolling process's own CPU time per enrollment, over the same span as the latency. */
  cpuMsPerEnrollment: number
  /**
   * CPU time of the PostgreSQL backends serving it, per enrollment (10 ms clock ticks, summed
   * over a round): loading the student before the clock starts (one query) is in it too.
   */
  postgresCpuMsPerEnrollment: number
  bootMs: number
  removedHooks: string[]
}

export type OverheadResult = {
  variants: Record<Variant, VariantResult>
  /** Each measured round's mean per variant, in the order they ran: drift shows here. */
  rounds: { round: number; order: Variant[]; meanMs: Record<Variant, number>; overheadPercent: number }[]
  /**
   * With vs without, in percent: how much slower enrolling is with the outbox row, over all
   * rounds by mean and by p50; the median of the rounds' own (by mean), which a burst of other
   * work on the machine during one round moves least; and the CPU time per enrollment of the
   * enrolling process and the PostgreSQL backends serving it, which other work hardly moves.
   */
  overheadPercent: { mean: number; p50: number; medianOfRounds: number; cpu: number }
  /** mean(with) − mean(without): what the event costs an enrollment (validation, insert), in ms. */
  outboxCostMs: number
  /** Measured enrollments and the domain_events rows they wrote, checked after every round. */
  checked: Record<Variant, { enrollments: number; events: number }>
}

type Args = {
  db: pg.Client
  env: Record<string, string>
  schools: School[]
  students: Student[]
  warmup: number
  rounds: number
  perRound: number
  log: (line: string) => void
}

const BOOT_DEADLINE_MS = 5 * 60_000

/** Each variant's connections carry its name, so PostgreSQL's work for it can be told apart. */
const applicationName = (variant: Variant) => `bench-events-${variant}`

/** One variant's process, asked over IPC; every answer has a deadline. */
const startVariant = (variant: Variant, env: Record<string, string>) => {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/events/enroll.ts', variant], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env, DATABASE_URI: namedConnections(env.DATABASE_URI!, applicationName(variant)) },
  })
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)))
  const next = (deadlineMs: number, what: string): Promise<Report> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${variant}: no answer to ${what} in ${deadlineMs / 1000} s`)), deadlineMs)
      const onExit = (code: number | null) => reject(new Error(`${variant} exited (${String(code)}) during ${what}`))
      child.once('exit', onExit)
      child.once('message', (report: Report) => {
        clearTimeout(timer)
        child.off('exit', onExit)
        if (report.kind === 'failed') {
          reject(new Error(`${variant} failed during ${what}: ${report.message}`))
        } else {
          resolve(report)
        }
      })
    })
  const spawned = performance.now()
  // Spawn to ready: loading the config through tsx and booting Payload.
  const ready = next(BOOT_DEADLINE_MS, 'booting').then((report) => {
    if (report.kind !== 'ready') {
      throw new Error(`${variant}: unexpected answer ${report.kind}`)
    }
    return { ...report, bootMs: Math.round(performance.now() - spawned) }
  })
  // Awaited below; a second failure while the first is reported is not an unhandled one.
  ready.catch(() => undefined)
  return {
    variant,
    ready,
    run: async (pairs: { student: number; course: number }[]) => {
      const answer = next(Math.max(60_000, pairs.length * 1_000), `${pairs.length} enrollments`)
      child.send({ kind: 'round', pairs } satisfies Order)
      const report = await answer
      if (report.kind !== 'round') {
        throw new Error(`${variant}: unexpected answer ${report.kind}`)
      }
      return report
    },
    stop: async () => {
      if (child.exitCode === null && child.connected) {
        child.send({ kind: 'exit' } satisfies Order)
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/**
 * The outbox rows each enrollment wrote: exactly one `enrollment.*` event per enrollment with
 * the outbox, none without, and nothing else written to domain_events in the meantime.
 */
const checkOutbox = async (db: pg.Client, variant: Variant, enrollments: number[], before: number): Promise<number> => {
  const { rows } = await db.query<{ subject_id: string; events: number }>(
    `select subject_id, count(*)::int as events from domain_events
      where subject_collection = 'enrollments' and subject_id = any($1::text[]) and type like 'enrollment.%'
      group by subject_id`,
    [enrollments.map(String)],
  )
  const total = Number((await db.query<{ n: string }>('select count(*) as n from domain_events')).rows[0]!.n)
  const written = total - before
  const expected = variant === 'with-outbox' ? enrollments.length : 0
  const ok = variant === 'with-outbox'
    ? rows.length === enrollments.length && rows.every((row) => row.events === 1) && written === expected
    : rows.length === 0 && written === 0
  if (!ok) {
    throw new Error(`${variant}: ${enrollments.length} enrollments, ${rows.length} of them with events, ${written} domain_events rows written; expected ${expected}.`)
  }
  return written
}

/**
 * Self-enrollment with and without the outbox: both processes up at once, idle but for the
 * one asked; a warm-up each, then rounds that alternate which goes first, so whatever drifts
 * (the tables growing, the machine's other work) falls on both. Fresh students every time.
 */
export const measureOverhead = async ({ db, env, schools, students, warmup, rounds, perRound, log }: Args): Promise<OverheadResult> => {
  const processes = VARIANTS.map((variant) => startVariant(variant, env))
  try {
    const ready = await Promise.all(processes.map((p) => p.ready))
    const boot = new Map(ready.map((report) => [report.variant, report]))
    log(`enroll processes up: ${ready.map((r) => `${r.variant} in ${(r.bootMs / 1000).toFixed(1)} s${r.removedHooks.length ? ` (outbox hooks removed from ${r.removedHooks.join(', ')})` : ''}`).join('; ')}`)

    let nextStudent = 0
    const pairsOf = (count: number) =>
      Array.from({ length: count }, (_, i) => {
        const student = students[nextStudent++]
        if (!student) {
          throw new Error('Not enough seeded students for the enrollments asked for.')
        }
        const school = schools.find((s) => s.tenant === student.tenant)!
        return { student: student.id, course: school.courses[i % school.courses.length]! }
      })
    const countEvents = async () => Number((await db.query<{ n: string }>('select count(*) as n from domain_events')).rows[0]!.n)

    const checked: OverheadResult['checked'] = { 'with-outbox': { enrollments: 0, events: 0 }, 'without-outbox': { enrollments: 0, events: 0 } }
    const samples: Record<Variant, number[]> = { 'with-outbox': [], 'without-outbox': [] }
    const cpu: Record<Variant, number> = { 'with-outbox': 0, 'without-outbox': 0 }
    const postgresCpu: Record<Variant, number> = { 'with-outbox': 0, 'without-outbox': 0 }
    const roundRows: OverheadResult['rounds'] = []
    for (let round = 0; round <= rounds; round++) {
      // Round 0 is the warm-up (JIT, caches, the pool's connections), checked but not counted.
      const order = round % 2 === 1 ? [...VARIANTS] : [...VARIANTS].reverse()
      const means = {} as Record<Variant, number>
      for (const variant of order) {
        const before = await countEvents()
        const backendsBefore = await backendCpu(db, applicationName(variant))
        const result = await processes.find((p) => p.variant === variant)!.run(pairsOf(round === 0 ? warmup : perRound))
        const backendsAfter = await backendCpu(db, applicationName(variant))
        const written = await checkOutbox(db, variant, result.enrollments, before)
        means[variant] = summarize(result.latenciesMs).meanMs
        if (round > 0) {
          samples[variant].push(...result.latenciesMs)
          cpu[variant] += result.cpuMs
          postgresCpu[variant] += cpuBetween(backendsBefore, backendsAfter)
          checked[variant].enrollments += result.enrollments.length
          checked[variant].events += written
        }
      }
      const overhead = overheadPercent(means['with-outbox'], means['without-outbox'])
      if (round > 0) {
        roundRows.push({ round, order, meanMs: means, overheadPercent: overhead })
      }
      log(`${round === 0 ? 'warm-up' : `round ${round}/${rounds}`}: ${order.map((v) => `${v} mean ${means[v]} ms`).join(', ')} (${overhead}%); outbox rows as expected`)
    }

    const variants = Object.fromEntries(
      VARIANTS.map((variant) => {
        const report = boot.get(variant)
        const summary = summarize(samples[variant])
        return [variant, {
          ...summary,
          enrollmentsPerSecond: Math.round((1000 / summary.meanMs) * 10) / 10,
          cpuMsPerEnrollment: Math.round((cpu[variant] / samples[variant].length) * 100) / 100,
          postgresCpuMsPerEnrollment: Math.round((postgresCpu[variant] / samples[variant].length) * 100) / 100,
          bootMs: report?.bootMs ?? 0,
          removedHooks: report?.removedHooks ?? [],
        }]
      }),
    ) as Record<Variant, VariantResult>
    const [withOutbox, without] = [variants['with-outbox'], variants['without-outbox']]
    return {
      variants,
      rounds: roundRows,
      overheadPercent: {
        mean: overheadPercent(withOutbox.meanMs, without.meanMs),
        p50: overheadPercent(withOutbox.p50Ms, without.p50Ms),
        medianOfRounds: percentile(roundRows.map((r) => r.overheadPercent), 50),
        cpu: overheadPercent(withOutbox.cpuMsPerEnrollment + withOutbox.postgresCpuMsPerEnrollment, without.cpuMsPerEnrollment + without.postgresCpuMsPerEnrollment),
      },
      outboxCostMs: Math.round((withOutbox.meanMs - without.meanMs) * 100) / 100,
      checked,
    }
  } finally {
    await Promise.all(processes.map((p) => p.stop()))
  }
}
