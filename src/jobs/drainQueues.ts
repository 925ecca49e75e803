import type { Payload } from 'payload'

import { withRequestId } from '@/shared/requestContext'

import { claimJob, releaseLostJobs, runClaimedJob } from './claim'

/** Jobs per pass at most, so a job failing at once (and due again at once) cannot spin a pass forever. */
const MAX_JOBS_PER_PASS = 500

/**
 * Runs every job that is due, on all queues, one at a time (so PDF renders do not crowd out the
 * web server beside it), until none is left or `signal` asks to stop: then after the job in
 * hand, so a stopping worker leaves nothing half run. Jobs whose worker was lost are handed
 * back first. Safe with several workers: each job is claimed by one (see claimJob). Returns how
 * many jobs ran.
 */
export const drainQueues = async (payload: Payload, { signal }: { signal?: AbortSignal } = {}): Promise<number> => {
  const released = await releaseLostJobs(payload)
  if (released.length > 0) {
    payload.logger.warn({ msg: `jobs: took back ${released.length} job(s) whose worker stopped renewing them: ${released.join(', ')}` })
  }
  let ran = 0
  while (ran < MAX_JOBS_PER_PASS && !signal?.aborted) {
    const job = await claimJob(payload)
    if (job === undefined) {
      break
    }
    // Its log lines carry the id of the request that queued it, to be followed back.
    await (job.requestId ? withRequestId(job.requestId, () => runClaimedJob(payload, job.id)) : runClaimedJob(payload, job.id))
    ran += 1
  }
  return ran
}
