/**
 * The background jobs worker: every JOBS_INTERVAL_SECONDS, queue the scheduled tasks
 * that fell due and run what is queued, on all queues; every EVENTS_INTERVAL_MS, hand new
 * domain events to their subscribers and send due webhooks. Started by the launcher unless
 * JOBS_WORKER=false; run it on its own with `npm run worker` (as many as you like: each job
 * and event is taken by one). SIGTERM or SIGINT: finish what is in hand, take nothing new, exit.
 */
import config from '@payload-config'
import { getPayload } from 'payload'

import { drainQueues } from '@/jobs/drainQueues'
import { eventsPass } from '@/jobs/eventsPass'
import { startMetricsServer } from '@/server/metricsServer'
import { closeBrowser } from '@/services/pdf/chromium'
import { startTelemetry, stopTelemetry } from '@/services/telemetry'
import { reportError } from '@/services/telemetry/reportError'
import { settings } from '@/settings'

startTelemetry('worker')
const payload = await getPayload({ config })
// Its own port: the worker has no HTTP server, and mail and webhook outcomes are counted here.
const metricsServer = settings.metrics.workerPort ? await startMetricsServer(settings.metrics.workerPort) : undefined
const stopping = new AbortController()
let ticking: Promise<void> | undefined

/** A pass that failed is logged and reported; the next pass tries again. */
const failed = (pass: 'jobs' | 'events', msg: string) => (error: unknown) => {
  payload.logger.error({ err: error, msg })
  reportError(error, { worker_pass: pass })
}

/** One pass at a time: a slow pass is not overtaken by the next. */
const tick = () => {
  ticking ??= (async () => {
    await payload.jobs.handleSchedules({ allQueues: true })
    await drainQueues(payload, { signal: stopping.signal })
  })()
    .catch(failed('jobs', 'jobs worker: a pass failed'))
    .finally(() => {
      ticking = undefined
    })
  return ticking
}

let dispatching: Promise<void> | undefined

/** Events and webhooks run on their own, shorter beat: integrators expect seconds, not a minute. */
const dispatch = () => {
  dispatching ??= eventsPass(payload, stopping.signal)
    .then(() => undefined)
    .catch(failed('events', 'jobs worker: an events pass failed'))
    .finally(() => {
      dispatching = undefined
    })
  return dispatching
}

const timer = setInterval(() => void tick(), settings.jobs.intervalSeconds * 1000)
const eventsTimer = setInterval(() => void dispatch(), settings.jobs.eventsIntervalMs)
void tick()
void dispatch()

const stop = async () => {
  clearInterval(timer)
  clearInterval(eventsTimer)
  // The passes in flight stop after the job, transaction or batch in hand: what was done is
  // recorded, so a restart does none of it twice; the rest waits for the next worker.
  stopping.abort()
  payload.logger.info('jobs worker: stopping after the work in hand')
  await Promise.all([ticking, dispatching])
  metricsServer?.close()
  await closeBrowser()
  await payload.destroy()
  await stopTelemetry()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
