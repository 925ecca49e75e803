import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { conflict } from '@/shared/domainError'
import { sqlHandle } from '@/services/database/transactions'

import { NOTIFICATION_QUEUE } from '../queue'

/**
 * Queues a logged notification mail to be sent again now (a staff member's "Send again"), to its
 * person's current address: one that went, bounced, failed, was deferred or waits for a digest.
 * Not one already on its way, one its person turned off, nor one to an address that bounced
 * for good until its owner confirms it.
 */
export const resendNotificationEmail = async (req: PayloadRequest, id: number): Promise<void> => {
  const db = await sqlHandle(req)
  const { rows: suppressed } = await db.execute(sql`select 1 from notification_emails e join mail_suppressions s on s.address = lower(e."to") where e.id = ${id} and s.suppressed_at is not null`)
  if (suppressed.length > 0) {
    throw conflict('This address bounced for good: nothing is sent to it until its owner confirms it again.')
  }
  const { rows } = await db.execute(sql`
    update notification_emails e set state = 'queued', frequency = 'immediate', due_at = now(), attempts = 0, updated_at = now(),
      "to" = coalesce((select u.email from users u where u.id = e.person_id), e."to")
    where e.id = ${id} and e.state in ('sent', 'bounced', 'failed', 'deferred', 'waiting', 'suppressed')
    returning e.id`)
  if (rows.length === 0) {
    const { rows: state } = await db.execute(sql`select state from notification_emails where id = ${id}`)
    throw conflict((state[0] as { state?: string } | undefined)?.state === 'cancelled' ? 'Its person turned this mail off: it is not sent again.' : 'This mail is already on its way.')
  }
  await req.payload.jobs.queue({ task: 'sendNotification', input: { email: id }, queue: NOTIFICATION_QUEUE, req })
}
