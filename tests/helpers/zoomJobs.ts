import type { Payload } from 'payload'

/**
 * Takes the Zoom meeting jobs a spec file queued off the queue the files share. The classes they
 * serve were made against that file's own Zoom stand-in (or none), and a later file that drains
 * every queue would otherwise call a Zoom that is not there, retrying for seconds per job.
 */
export const forgetZoomJobs = async (payload: Payload | undefined): Promise<void> => {
  await payload?.delete({ collection: 'payload-jobs', where: { queue: { equals: 'zoom' } }, overrideAccess: true })
}

/**
 * Runs the Zoom queue until nothing is left to run now: a run's jobs may queue more (a meeting
 * made queues its registrations, an ended class its reconciliation). A job waiting out its
 * backoff is left for its time; five rounds at most.
 */
export const runZoomJobs = async (payload: Payload): Promise<void> => {
  const waiting = () =>
    payload.count({ collection: 'payload-jobs', where: { and: [{ queue: { equals: 'zoom' } }, { completedAt: { exists: false } }, { hasError: { not_equals: true } }, { processing: { equals: false } }] }, overrideAccess: true })
  for (let round = 0; round < 5 && (await waiting()).totalDocs > 0; round++) {
    await payload.jobs.run({ queue: 'zoom' })
  }
}
