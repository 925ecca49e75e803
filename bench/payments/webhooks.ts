import { type ChildProcess, fork } from 'node:child_process'
import { performance } from 'node:perf_hooks'

import type { EventObject, StripeStandIn } from '../../tests/stand-ins/stripe'
import { cpuMs } from '../shared/processes'
import { inLanes, type Rate, rateOf } from './lanes'

/** One POST of an event: its first copy, or a repeat. */
export type Delivery = { event: EventObject; copy: number }

/**
 * Every event two or three times, as Stripe delivers at least once: each event's first copy in
 * order; a second copy of every event, and a third of every third. Half the repeats come right
 * after the first copy, so they are in flight with it (two deliveries racing, as after a
 * timeout); the other half `3 × concurrency` places later, once the first was answered (a
 * retry). The same list goes to the app and to the ceiling.
 */
export const schedule = (events: EventObject[], concurrency: number): Delivery[] => {
  const later = 3 * concurrency
  const keyed: { key: number; delivery: Delivery }[] = []
  events.forEach((event, i) => {
    keyed.push({ key: i, delivery: { event, copy: 1 } })
    keyed.push({ key: i % 2 === 0 ? i + 0.1 : i + later + 0.1, delivery: { event, copy: 2 } })
    if (i % 3 === 0) {
      keyed.push({ key: i % 2 === 0 ? i + later + 0.2 : i + 0.2, delivery: { event, copy: 3 } })
    }
  })
  return keyed.sort((a, b) => a.key - b.key).map(({ delivery }) => delivery)
}

type Answered = { status: number; duplicate: boolean; outcome: string; startedMs: number; endedMs: number }

export type DeliveryRun = {
  events: number
  deliveries: number
  seconds: number
  /** Distinct events recorded exactly once, per second of the whole run (the database check says whether each was applied). */
  appliedPerSecond: number
  /** Every delivery answered, repeats included. */
  answered: Rate
  /** The delivery that recorded each event (answered `duplicate: false`): in the app, almost always the one that applied it. */
  recording: Rate
  /** Repeats sent while the recording copy of the same event was still unanswered: they wait for its row lock. */
  concurrentRepeats: Rate
  /** Repeats sent after the recording copy was answered: found applied at once. */
  laterRepeats: Rate
  /** Answers by status code and what they said (`200 applied`, `200 duplicate applied`, `200 failed`, `400`...). */
  answers: Record<string, number>
  /** Events no delivery answered as the first (duplicate: false), or more than one did. */
  notRecordedOnce: number
  /** CPU time of the receiving process per event, in ms. */
  receiverCpuMsPerEvent: number
}

/**
 * Sends the deliveries through the stand-in's own sender (a new connection per delivery, signed at
 * send time, Stripe's headers), `concurrency` at a time, to whatever URL it is pointed at, and
 * sorts the answers: which delivery applied each event, and how long the repeats took.
 */
export const deliver = async (standIn: StripeStandIn, deliveries: Delivery[], concurrency: number, receiverPid: number): Promise<DeliveryRun> => {
  const cpuBefore = cpuMs(receiverPid)
  const run = await inLanes(deliveries, concurrency, async ({ event }): Promise<Answered> => {
    const startedMs = performance.now()
    const [answer] = await standIn.deliver(event)
    const endedMs = performance.now()
    let body: { duplicate?: boolean; status?: string } = {}
    try {
      body = JSON.parse(answer?.body ?? '') as typeof body
    } catch {
      // Not JSON: counted by its status code.
    }
    return { status: answer?.status ?? 0, duplicate: body.duplicate === true, outcome: body.status ?? '', startedMs, endedMs }
  })
  const receiverCpuMs = cpuMs(receiverPid) - cpuBefore

  const answers: Record<string, number> = {}
  // The copy answered `duplicate: false` is the one that recorded the event (usually the one that applied it).
  const recordedBy = new Map<string, Answered[]>()
  run.results.forEach((answered, i) => {
    const label = `${answered.status}${answered.duplicate ? ' duplicate' : ''}${answered.outcome ? ` ${answered.outcome}` : ''}`
    answers[label] = (answers[label] ?? 0) + 1
    if (answered.status === 200 && !answered.duplicate) {
      const id = deliveries[i]!.event.id
      recordedBy.set(id, [...(recordedBy.get(id) ?? []), answered])
    }
  })
  const recording: number[] = []
  const concurrent: number[] = []
  const later: number[] = []
  run.results.forEach((answered, i) => {
    const ms = run.latenciesMs[i]!
    const recorder = recordedBy.get(deliveries[i]!.event.id)?.[0]
    if (answered === recorder) {
      recording.push(ms)
    } else if (recorder && answered.startedMs < recorder.endedMs) {
      concurrent.push(ms)
    } else {
      later.push(ms)
    }
  })
  const ids = new Set(deliveries.map((d) => d.event.id))
  return {
    events: ids.size,
    deliveries: deliveries.length,
    seconds: Math.round(run.seconds * 100) / 100,
    appliedPerSecond: Math.round(([...recordedBy.values()].filter((copies) => copies.length === 1).length / run.seconds) * 10) / 10,
    answered: rateOf(run.latenciesMs, run.seconds),
    recording: rateOf(recording, run.seconds),
    concurrentRepeats: rateOf(concurrent, run.seconds),
    laterRepeats: rateOf(later, run.seconds),
    answers,
    notRecordedOnce: [...ids].filter((id) => recordedBy.get(id)?.length !== 1).length,
    receiverCpuMsPerEvent: Math.round((receiverCpuMs / ids.size) * 100) / 100,
  }
}

export type Ceiling = { url: string; pid: number; stop: () => Promise<void> }

/** Starts verifyOnly.ts on `port`, checking signatures with `secret`; resolves once it listens. */
export const startCeiling = async (port: number, secret: string): Promise<Ceiling> => {
  const child: ChildProcess = fork('bench/payments/verifyOnly.ts', [String(port), secret], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve())
    child.once('exit', (code) => reject(new Error(`verifyOnly.ts exited with ${code} while starting`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}
