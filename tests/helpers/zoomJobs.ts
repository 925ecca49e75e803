import type { Payload } from 'payload'

/**
 * Takes the Zoom meeting jobs a spec file queued off the queue the files share. The classes they
 * serve were made against that file's own Zoom stand-in (or none), and a later file that drains
 * every queue would otherwise call a Zoom that is not there, retrying for seconds per job.
 */
export const forgetZoomJobs = async (payload: Payload | undefined): Promise<void> => {
  await payload?.delete({ collection: 'payload-jobs', where: { queue: { equals: 'zoom' } }, overrideAccess: true })
}
