import { sql } from '@payloadcms/db-postgres'

type SQL = ReturnType<typeof sql>

/**
 * The insert that queues one job of `task` per row of `inputs` (a query whose one column is a
 * job's input, as jsonb): what Payload's `jobs.queue` writes for each (it runs no hooks on the
 * jobs collection here), for work that queues jobs by the batch, in the statement that makes
 * what they are for (a batch of invoices, one job each).
 */
export const jobsInsert = ({ task, queue, meta, inputs }: { task: string; queue: string; meta?: Record<string, unknown>; inputs: SQL }): SQL => sql`
  insert into payload_jobs (input, task_slug, queue, meta, total_tried, has_error, processing)
  select jobs.input, ${task}::enum_payload_jobs_task_slug, ${queue}, ${meta ? JSON.stringify(meta) : null}::jsonb, 0, false, false
  from (${inputs}) as jobs(input)`
