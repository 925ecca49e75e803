import { cpuMs } from '../shared/processes'
import { type Journey, type Learner, STEPS } from './journey'
import type { Instance, Measured } from './stack'

export type StepCost = {
  step: string
  requests: number
  /** Latency with nothing else in flight from this run. */
  meanMs: number
  /** CPU time per request of the web process and of PostgreSQL (all backends). */
  serverCpuMs: number
  postgresCpuMs: number
  errors: number
}

const cpuOf = (process: Measured): number =>
  process.pids().reduce((sum, pid) => {
    try {
      return sum + cpuMs(pid)
    } catch {
      return sum
    }
  }, 0)

const round1 = (value: number) => Math.round(value * 10) / 10

const WARMUP = 10

/**
 * What each step costs on its own: `perStep` requests one after another (users taken in turn),
 * with the CPU the web process and PostgreSQL spent on them. Nothing else of this run is in
 * flight, so the sum over a visit is what one student's round costs the machine, and the
 * closed-loop ceiling follows from it. CPU time is read in 10 ms ticks: 40 requests are plenty.
 */
export const measureCosts = async ({ journey, learners, instance, postgres, serials, perStep }: {
  journey: Journey
  learners: Learner[]
  instance: Instance
  postgres: Measured
  serials: string[]
  perStep: number
}): Promise<StepCost[]> => {
  const send = async (step: (typeof STEPS)[number], learner: Learner) => {
    const plan = journey.plan(step, learner, serials)
    const answer = await instance.client.send(plan.call)
    const problem = plan.check(answer)
    if (!problem) {
      plan.then?.()
    }
    return { ms: answer.ms, failed: problem !== undefined }
  }
  // A few of each first, uncounted: the process's first calls of a path compile it.
  for (const step of STEPS) {
    for (let i = 0; i < WARMUP; i++) {
      await send(step, learners[i % learners.length]!)
    }
  }
  const costs: StepCost[] = []
  for (const step of STEPS) {
    const server = cpuOf(instance)
    const database = cpuOf(postgres)
    let ms = 0
    let errors = 0
    for (let i = 0; i < perStep; i++) {
      const answer = await send(step, learners[i % learners.length]!)
      ms += answer.ms
      errors += answer.failed ? 1 : 0
    }
    costs.push({
      step,
      requests: perStep,
      meanMs: round1(ms / perStep),
      serverCpuMs: round1((cpuOf(instance) - server) / perStep),
      postgresCpuMs: round1((cpuOf(postgres) - database) / perStep),
      errors,
    })
  }
  return costs
}
