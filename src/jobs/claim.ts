import type { Payload } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { postgresAdapter } from '@/services/database/adapter'
import { inJobSpan } from '@/services/telemetry/jobSpan'
import { reportError } from '@/services/telemetry/reportError'
import { settings } from '@/settings'

/** Times a job may lose its worker (a crash, a kill) before it is given up on: a job that kills its worker would otherwise do so forever. */
export const MAX_LOST_RUNS = 5

const db = (payload: Payload) => postgresAdapter(payload).drizzle

/**
 * Takes the oldest due job for this worker, or none. Payload's own `jobs.run` reads due jobs and
 * then marks them one by one, so two workers can both take the same job; here the row is
 * locked and marked in one statement, and a row another worker is taking is skipped. The
 * conditions are Payload's: not done, not given up on, not running, not waiting out a backoff.
 */
export const claimJob = async (payload: Payload): Promise<{ id: number; requestId?: string } | undefined> => {
  const { rows } = await db(payload).execute(sql`
    update payload_jobs set processing = true, updated_at = now()
    where id = (
      select id from payload_jobs
      where processing is not true and completed_at is null and has_error is not true and (wait_until is null or wait_until <= now())
      order by created_at, id
      limit 1
      for update skip locked)
    returning id, meta->>'requestId' as request_id`)
  const row = rows[0]
  return row ? { id: Number(row.id), ...(typeof row.request_id === 'string' ? { requestId: row.request_id } : {}) } : undefined
}

/** Renews the lease of a job this worker is running. */
const renew = async (payload: Payload, id: number): Promise<void> => {
  await db(payload).execute(sql`update payload_jobs set updated_at = now() where id = ${id} and processing`)
}

/**
 * Runs a job this worker claimed, renewing its lease four times per lease meanwhile (Payload
 * touches the row only when the job starts and ends). `runByID` does not claim again: it runs
 * the row it is given, which is why only a claimed id may reach it.
 */
export const runClaimedJob = async (payload: Payload, id: number): Promise<void> => {
  const beat = setInterval(
    () => void renew(payload, id).catch((error: unknown) => payload.logger.warn({ err: error, msg: `jobs: could not renew the lease of job ${id}` })),
    Math.max(250, (settings.jobs.leaseSeconds * 1000) / 4),
  )
  try {
    await inJobSpan(id, () => payload.jobs.runByID({ id, overrideAccess: true }))
  } catch (error) {
    // Left as it is: if it still says processing, the lease runs out and another run takes it.
    payload.logger.error({ err: error, msg: `jobs: job ${id} could not be run` })
    reportError(error, { job_id: id })
  } finally {
    clearInterval(beat)
  }
}

/**
 * Hands back the jobs whose worker stopped renewing them (killed, crashed, cut off from the
 * database) so another run takes them: the lost run counts as a try, and after MAX_LOST_RUNS
 * the job is given up on with the reason. Answers the ids handed back.
 */
export const releaseLostJobs = async (payload: Payload): Promise<number[]> => {
  const { rows } = await db(payload).execute(sql`
    update payload_jobs set
      processing = false,
      total_tried = coalesce(total_tried, 0) + 1,
      has_error = coalesce(total_tried, 0) + 1 >= ${MAX_LOST_RUNS},
      error = case when coalesce(total_tried, 0) + 1 >= ${MAX_LOST_RUNS}
        then jsonb_build_object('message', ${`Its worker stopped while running it ${MAX_LOST_RUNS} times (killed or crashed); not tried again.`}::text)
        else error end,
      updated_at = now()
    where processing and completed_at is null and updated_at < now() - make_interval(secs => ${settings.jobs.leaseSeconds})
    returning id`)
  return rows.map((row) => Number(row.id))
}
