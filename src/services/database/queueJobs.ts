import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { sqlList } from './adapter'
import { sqlHandle } from './transactions'

/**
 * Queues one job of `task` per input with one insert, in `req`'s transaction: what Payload's
 * `jobs.queue` writes for each (it runs no hooks on the jobs collection here), for work that
 * queues jobs by the batch (a batch of payments, one invoice job each).
 */
export const queueJobs = async (req: PayloadRequest, { task, queue, inputs, meta }: { task: string; queue: string; inputs: readonly Record<string, unknown>[]; meta?: Record<string, unknown> }): Promise<void> => {
  if (inputs.length === 0) {
    return
  }
  const db = await sqlHandle(req)
  await db.execute(sql`
    insert into payload_jobs (input, task_slug, queue, meta, total_tried, has_error, processing)
    select input, ${task}::enum_payload_jobs_task_slug, ${queue}, ${meta ? JSON.stringify(meta) : null}::jsonb, 0, false, false
    from unnest(${sqlList(inputs.map((input) => JSON.stringify(input)))}::jsonb[]) as input`)
}
