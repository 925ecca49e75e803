/**
 * The background jobs worker: every JOBS_INTERVAL_SECONDS, queue the scheduled tasks
 * that fell due and run what is queued, on all queues. Started by the launcher unless
 * JOBS_WORKER=false; run it on its own with `npx tsx scripts/jobs-worker.ts`.
 */
import config from '@payload-config'
import { getPayload } from 'payload'

import { drainQueues } from '@/jobs/drainQueues'
import { closeBrowser } from '@/services/pdf/chromium'
import { settings } from '@/settings'

const payload = await getPayload({ config })
let running = false

const tick = async () => {
  // One pass at a time: a slow pass is not overtaken by the next.
  if (running) {
    return
  }
  running = true
  try {
    await payload.jobs.handleSchedules({ allQueues: true })
    await drainQueues(payload)
  } catch (error) {
    payload.logger.error({ err: error, msg: 'jobs worker: a pass failed' })
  } finally {
    running = false
  }
}

const timer = setInterval(() => void tick(), settings.jobs.intervalSeconds * 1000)
void tick()

const stop = async () => {
  clearInterval(timer)
  await closeBrowser()
  await payload.destroy()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
