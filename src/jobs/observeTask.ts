import type { TaskConfig, TaskType } from 'payload'

import { markJobFailed, nameJobTask } from '@/services/telemetry/jobSpan'
import { reportError } from '@/services/telemetry/reportError'

/**
 * A task whose runs name their job's span, and whose failures (a handler that throws: Payload
 * records it, logs it and may try again) are reported with the task and the job's id.
 */
export const observeTask = <T extends TaskType>(task: TaskConfig<T>): TaskConfig<T> => {
  const { handler, slug } = task
  if (typeof handler !== 'function') {
    return task
  }
  return {
    ...task,
    handler: async (args) => {
      nameJobTask(slug)
      try {
        return await handler(args)
      } catch (error) {
        markJobFailed(error)
        reportError(error, { job_task: slug, job_id: args.job.id })
        throw error
      }
    },
  }
}
