import { setMaxListeners } from 'node:events'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'

import { type Client, logIn } from './client'
import { type Journey, type Learner, STEPS } from './journey'
import { createRecorder, type StepSummary } from './recorder'

export type Think = { minMs: number; maxMs: number }

export type ScenarioArgs = {
  journey: Journey
  learners: Learner[]
  /** One per web instance; a learner goes to `clients[learner.instance]`. */
  clients: Client[]
  serials: string[]
  /** Pause between two steps of one user, uniformly drawn; 0 and 0 make a closed loop. */
  think: Think
  /** Users start evenly spread over this time. */
  rampSeconds: number
  /** After the ramp-up, before measuring. */
  warmupSeconds: number
  seconds: number
  /** Users without a session log in through the app's login endpoint first, this many at a time. */
  login?: { password: string; inFlight: number }
  /** Called as the measured window opens and closes (resource readings). */
  window: { opened: () => Promise<void>; closed: () => Promise<void> }
  log: (line: string) => void
}

export type LoadGeneratorUse = {
  /** CPU time of this process (both cores count: 200% is both) over the window. */
  cpuPercent: number
  /** How late its timers ran, in ms past their time: a generator that cannot keep up shows it here first. */
  eventLoopDelayMs: { p50: number; p99: number; max: number }
  peakInFlight: number
}

export type ScenarioResult = {
  seconds: number
  requestsPerSecond: number
  steps: StepSummary[]
  /** Logins before the ramp-up (not part of the measured mix). */
  login?: StepSummary & { seconds: number; failedUsers: number }
  /** From the first login (or the first user's start) to the opening of the window. */
  rampUpSeconds: number
  loadGenerator: LoadGeneratorUse
}

const round1 = (value: number) => Math.round(value * 10) / 10

/** The event-loop monitor's timer period; what it records is the whole period, so lateness is the excess. */
const DELAY_RESOLUTION_MS = 10
const lateMs = (nanoseconds: number) => round1(Math.max(0, nanoseconds / 1e6 - DELAY_RESOLUTION_MS))

/** A counting semaphore: logins are the costliest request by far (a third of a second of CPU each). */
const slots = (size: number) => {
  let free = size
  const waiting: (() => void)[] = []
  return {
    take: async () => {
      if (free > 0) {
        free--
        return
      }
      await new Promise<void>((resolve) => waiting.push(resolve))
    },
    give: () => {
      const next = waiting.shift()
      if (next) {
        next()
      } else {
        free++
      }
    },
  }
}

/**
 * Plays `learners` as virtual users, each going round the journey's steps with a think time
 * between them, until the measured window has passed; then waits for what is in flight.
 */
export const runScenario = async (args: ScenarioArgs): Promise<ScenarioResult> => {
  const { journey, learners, clients, serials, think, login, log } = args
  const recorder = createRecorder(STEPS)
  const logins = createRecorder(['login'])
  logins.start()
  const stopping = new AbortController()
  // Every user's pause listens to it: a thousand listeners are expected, not a leak.
  setMaxListeners(0, stopping.signal)
  const loginSlots = slots(login?.inFlight ?? 1)
  let failedUsers = 0
  let inFlight = 0
  let peakInFlight = 0

  /** Resolves early (without throwing) when the run stops. */
  const pause = (ms: number) => (ms > 0 ? sleep(ms, undefined, { signal: stopping.signal }).catch(() => undefined) : Promise.resolve())
  const thinkMs = () => think.minMs + Math.random() * (think.maxMs - think.minMs)

  const signIn = async (learner: Learner, client: Client): Promise<void> => {
    for (let attempt = 1; attempt <= 3 && !stopping.signal.aborted; attempt++) {
      await loginSlots.take()
      const { answer, token } = await logIn(client, { email: learner.email, password: login!.password, forwardedFor: learner.forwardedFor }).finally(loginSlots.give)
      const problem = token ? undefined : answer.status === 0 ? (answer.error ?? 'network error') : `status ${answer.status}`
      logins.record('login', answer.ms, problem ? { kind: problem, sample: answer.body || (answer.error ?? '') } : undefined)
      if (token) {
        learner.token = token
        return
      }
      await pause(1_000)
    }
    failedUsers++
  }

  const user = async (learner: Learner, delayMs: number): Promise<void> => {
    const client = clients[learner.instance % clients.length]!
    // Users start spread over the ramp-up, each at a random point of a think time and at a
    // random step of the journey, as students are not in step with each other.
    await pause(delayMs + Math.random() * think.maxMs)
    let from = Math.floor(Math.random() * STEPS.length)
    while (!stopping.signal.aborted) {
      for (const step of STEPS.slice(from)) {
        if (stopping.signal.aborted) {
          return
        }
        const plan = journey.plan(step, learner, serials)
        const counted = recorder.measuring
        inFlight++
        peakInFlight = counted ? Math.max(peakInFlight, inFlight) : peakInFlight
        const answer = await client.send(plan.call)
        inFlight--
        const problem = plan.check(answer)
        if (!problem) {
          plan.then?.()
        }
        if (counted) {
          recorder.record(step, answer.ms, problem ? { kind: problem, sample: answer.body || (answer.error ?? '') } : undefined)
        }
        await pause(thinkMs())
      }
      from = 0
      learner.round++
    }
  }

  // Sign-in first, on its own: a login costs the server a third of a second of CPU (the
  // password hash), so 1,000 of them are minutes of both cores, which would swamp the
  // journeys of those already in. Then the users start, spread over the ramp-up.
  const began = performance.now()
  const signingIn = login ? learners.filter((learner) => !learner.token) : []
  const progress = setInterval(() => log(`  sign-in: ${learners.filter((l) => l.token).length} of ${learners.length} users have a session`), 15_000)
  try {
    await Promise.all(signingIn.map((learner) => signIn(learner, clients[learner.instance % clients.length]!)))
  } finally {
    clearInterval(progress)
  }
  logins.stop()
  if (signingIn.length > 0) {
    log(`  ${signingIn.length - failedUsers} of ${signingIn.length} users signed in in ${round1((performance.now() - began) / 1000)} s; ramp-up ${args.rampSeconds} s, warm-up ${args.warmupSeconds} s`)
  }
  const users = learners.map((learner, i) => user(learner, (i * args.rampSeconds * 1000) / learners.length))
  await pause((args.rampSeconds + args.warmupSeconds) * 1000)
  const rampUpSeconds = round1((performance.now() - began) / 1000)

  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS })
  delay.enable()
  const cpuBefore = process.cpuUsage()
  const windowStart = performance.now()
  await args.window.opened()
  recorder.start()
  await sleep(args.seconds * 1000)
  recorder.stop()
  const cpu = process.cpuUsage(cpuBefore)
  const windowMs = performance.now() - windowStart
  await args.window.closed()
  delay.disable()
  stopping.abort()
  await Promise.all(users)

  const measured = recorder.summary()
  const loginSummary = logins.summary()
  return {
    ...measured,
    login: signingIn.length > 0 ? { ...loginSummary.steps[0]!, seconds: loginSummary.seconds, failedUsers } : undefined,
    rampUpSeconds,
    loadGenerator: {
      cpuPercent: round1(((cpu.user + cpu.system) / 1000 / windowMs) * 100),
      eventLoopDelayMs: { p50: lateMs(delay.percentile(50)), p99: lateMs(delay.percentile(99)), max: lateMs(delay.max) },
      peakInFlight,
    },
  }
}
