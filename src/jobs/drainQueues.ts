import type { Payload } from 'payload'

/** Jobs per `jobs.run` call (Payload's default). */
const BATCH = 10
/** Calls per pass at most, so a job failing at once (and due again at once) cannot spin a pass forever. */
const MAX_BATCHES_PER_PASS = 50

/**
 * Runs every job that is due, on all queues, until none is left, not just one batch: a
 * single `jobs.run` call per interval would cap a worker at 10 jobs (10 certificates) per
 * interval. One job at a time, so PDF renders do not crowd out the web server beside it.
 * Returns how many jobs ran.
 */
export const drainQueues = async (payload: Payload): Promise<number> => {
  let total = 0
  for (let batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
    const result = await payload.jobs.run({ allQueues: true, limit: BATCH, sequential: true })
    const ran = Object.keys(('jobStatus' in result && result.jobStatus) || {}).length
    total += ran
    if (('noJobsRemaining' in result && result.noJobsRemaining) || ran < BATCH) {
      break
    }
  }
  return total
}
