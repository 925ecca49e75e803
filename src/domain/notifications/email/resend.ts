import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { conflict } from '@/shared/domainError'
import { sqlHandle } from '@/services/database/transactions'

import { NOTIFICATION_QUEUE } from '../notify'

/**
 * Queues a logged notification mail to be sent again now (a staff member's "Send again"): one
 * that went, bounced, failed, was deferred or waits for a digest. Not one already on its way,
 * nor one to an address that bounced for good until its owner confirms it.
 */
export const resendNotificationEmail = async (req: PayloadRequest, id: number): Promise<void> => {
  const db = await sqlHandle(req)
  const { rows: suppressed } = await db.execute(sql`select 1 from notification_emails e join mail_suppressions s on s.address = lower(e."to") where e.id = ${id} and s.suppressed_at is not null`)
  if (suppressed.length > 0) {
    throw conflict('This address bounced for good: nothing is sent to it until its owner confirms it again.')
  }
  const { rows } = await db.execute(sql`
    update notification_emails set state = 'queued', frequency = 'immediate', due_at = now(), attempts = 0, updated_at = now()
    where id = ${id} and state in ('sent', 'bounced', 'failed', 'deferred', 'waiting', 'cancelled', 'suppressed')
    returning id`)
  if (rows.length === 0) {
    throw conflict('This mail is already on its way.')
  }
  await req.payload.jobs.queue({ task: 'sendNotification', input: { email: id }, queue: NOTIFICATION_QUEUE, req })
}
