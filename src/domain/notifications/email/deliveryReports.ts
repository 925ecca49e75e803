import type { Payload } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { postgresAdapter } from '@/services/database/adapter'

import { mailOfBounceAddress, recordBounce } from './send'

export type ReportOutcome = { mail: number | null; outcome: 'bounced' | 'delayed' | 'ignored' }

/** The VERP address a delivery report came back to: the envelope recipient the MTA names, else the message's own headers. */
const verpAddress = (raw: string, envelopeTo: string | null): number | null => {
  const fromEnvelope = envelopeTo ? mailOfBounceAddress(envelopeTo) : null
  if (fromEnvelope) {
    return fromEnvelope
  }
  const head = raw.split(/\r?\n\r?\n/)[0] ?? ''
  for (const name of ['X-Original-To', 'Delivered-To', 'To']) {
    const line = new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(head)?.[1]
    const address = line ? /bounces\+\d{1,10}@[^\s>,]+/i.exec(line)?.[0] : undefined
    const mail = address ? mailOfBounceAddress(address) : null
    if (mail) {
      return mail
    }
  }
  return null
}

/**
 * A delivery status notification (RFC 3464) that came back to a mail's VERP address, as the
 * MTA hands it over: `Action: failed` with a 5.x.x status bounces the mail and counts a hard
 * bounce against its address (three stop mail to it); a delayed report is noted on the mail.
 */
export const recordDeliveryReport = async (payload: Payload, raw: string, envelopeTo: string | null): Promise<ReportOutcome> => {
  const mail = verpAddress(raw, envelopeTo)
  if (!mail) {
    return { mail: null, outcome: 'ignored' }
  }
  const action = /^Action:\s*(\w+)/im.exec(raw)?.[1]?.toLowerCase()
  const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(raw)?.[1]
  const diagnostic = /^Diagnostic-Code:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? ''
  const response = `DSN ${action ?? '?'} ${status ?? '?'} ${diagnostic}`.trim().slice(0, 1000)
  const db = postgresAdapter(payload).drizzle
  if (action === 'failed' && status?.startsWith('5.')) {
    const { rows } = await db.execute(sql`update notification_emails set state = 'bounced', response = ${response}, updated_at = now() where id = ${mail} and state <> 'bounced' returning "to"`)
    const to = (rows[0] as { to?: string } | undefined)?.to
    if (to) {
      await recordBounce(payload, to, response)
    }
    return { mail, outcome: to ? 'bounced' : 'ignored' }
  }
  if (action === 'delayed') {
    await db.execute(sql`update notification_emails set response = ${response}, updated_at = now() where id = ${mail}`)
    return { mail, outcome: 'delayed' }
  }
  return { mail, outcome: 'ignored' }
}
