import type { Payload, PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { postgresAdapter, sqlList } from '@/services/database/adapter'
import { conflict } from '@/shared/domainError'
import { settings } from '@/settings'

import type { NoticeCategory } from '../kinds'

import { UNSUBSCRIBABLE, unsubscribeUrl } from '../unsubscribe'
import { type Branding, type RenderedMail, renderDigestMail, renderNotificationMail } from './render'

/** Tries at a mail before it is given up on (a 4xx each time, or the server unreachable). */
export const MAX_EMAIL_ATTEMPTS = 5

type Claimed = { id: number; tenant_id: number; person_id: number; to: string; locale: string; subject: string; body: string | null; link: string | null; category: NoticeCategory; critical: boolean; frequency: string }

/** State changes are committed at once, outside any transaction of the job: what was sent stays sent. */
const db = (payload: Payload) => postgresAdapter(payload).drizzle

/** How a school looks in its mail, in a language: its display name, colour and logo. */
export const brandingOf = async (payload: Payload, tenant: number, locale: string): Promise<Branding> => {
  const { rows } = await db(payload).execute(sql`
    select t.name, t.branding_primary_color as color,
      coalesce(nullif((select l.branding_display_name from tenants_locales l where l._parent_id = t.id and l._locale::text = ${locale}), ''),
               nullif((select l.branding_display_name from tenants_locales l where l._parent_id = t.id and l._locale::text = 'en'), ''), t.name) as "displayName",
      (select m.filename from media m where m.id = t.branding_logo_id and m.public) as logo
    from tenants t where t.id = ${tenant}`)
  const row = rows[0] as { name: string; color: string | null; displayName: string; logo: string | null } | undefined
  return { name: row?.displayName ?? 'Aqoon', color: row?.color ?? null, logoUrl: row?.logo ? `${settings.serverUrl}/api/media/file/${encodeURIComponent(row.logo)}` : null }
}

/** The envelope sender of a mail (VERP): a bounce comes back to an address that names it. */
export const bounceAddress = (id: number): string => `bounces+${id}@${settings.bounceDomain}`

/** Reads which mail a bounce is about from the address it came back to. */
export const mailOfBounceAddress = (address: string): number | null => {
  const match = /^bounces\+(\d{1,10})@/i.exec(address.trim().replace(/^<|>$/g, ''))
  return match ? Number(match[1]) : null
}

type SmtpError = Error & { responseCode?: number; response?: string }

/** The one-click unsubscribe link of a mail in a category, when it may have one (not payments, not critical). */
const unsubscribeFor = (payload: Payload, person: number, category: NoticeCategory, critical: boolean): string | null =>
  !critical && UNSUBSCRIBABLE.includes(category) ? unsubscribeUrl(payload.secret, person, category) : null

/** Sends one rendered mail with the headers every notification mail carries; answers the server's reply. */
const deliver = async (payload: Payload, { id, to, unsubscribe, branding }: { id: number; to: string; unsubscribe: string | null; branding: Branding }, mail: RenderedMail) => {
  const info = (await payload.sendEmail({
    to,
    from: { name: branding.name, address: settings.mailFromAddress },
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    envelope: { from: bounceAddress(id), to },
    headers: {
      'X-Aqoon-Mail': String(id),
      ...(unsubscribe ? { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    },
  })) as { response?: string; messageId?: string } | undefined
  return { response: String(info?.response ?? 'accepted').slice(0, 1000), messageId: info?.messageId ?? null }
}

/**
 * What became of a failed send. Only the recipient refused at RCPT with a 5xx is a bounce (the
 * address is counted against); any other 5xx (the message refused at DATA, our credentials at
 * AUTH) fails the mail without blaming the address; anything else is tried again.
 */
const failure = (error: unknown): { state: 'bounced' | 'failed' | 'deferred'; response: string } => {
  const smtp = error as SmtpError & { command?: string; code?: string }
  const response = String(smtp.response ?? smtp.message ?? error).slice(0, 1000)
  const permanent = typeof smtp.responseCode === 'number' && smtp.responseCode >= 500
  const atRecipient = smtp.code === 'EENVELOPE' || /RCPT/i.test(smtp.command ?? '')
  return { state: permanent && atRecipient ? 'bounced' : permanent ? 'failed' : 'deferred', response }
}

/**
 * Sends one notification mail, once: it is taken (`sending`) by one statement, so two workers,
 * or a job run twice, send it once; a mail a stopped worker left `sending` is taken again once
 * the jobs' lease has run out. A 5xx bounces it (the address is marked, see bounces.ts); a 4xx
 * or an unreachable server defers it and throws, so the job tries again, until it fails for good.
 */
export const sendNotificationEmail = async (req: PayloadRequest, id: number): Promise<'sent' | 'bounced' | 'deferred' | 'failed' | 'suppressed' | 'skipped'> => {
  const { rows } = await db(req.payload).execute(sql`
    update notification_emails e set state = 'sending', attempts = attempts + 1, updated_at = now()
    where e.id = ${id} and (e.state in ('queued', 'deferred') or (e.state = 'sending' and e.updated_at < now() - make_interval(secs => ${settings.jobs.leaseSeconds})))
    returning e.id, e.tenant_id, e.person_id, e."to", e.locale, e.subject, e.body, e.link, e.category, e.critical, e.frequency, e.attempts`)
  const mail = rows[0] as (Claimed & { attempts: number }) | undefined
  if (!mail) {
    return 'skipped'
  }
  if (await isSuppressed(req.payload, mail.to)) {
    await db(req.payload).execute(sql`update notification_emails set state = 'suppressed', response = 'Not sent: this address bounced; its owner must confirm it again.', updated_at = now() where id = ${id}`)
    return 'suppressed'
  }
  const branding = await brandingOf(req.payload, mail.tenant_id, mail.locale)
  try {
    const unsubscribe = unsubscribeFor(req.payload, mail.person_id, mail.category, mail.critical)
    const sent = await deliver(req.payload, { id, to: mail.to, unsubscribe, branding }, renderNotificationMail({ locale: mail.locale, branding, item: mail, unsubscribe }))
    await db(req.payload).execute(sql`update notification_emails set state = 'sent', response = ${sent.response}, message_id = ${sent.messageId}, sent_at = now(), updated_at = now() where id = ${id}`)
    return 'sent'
  } catch (error) {
    const { state, response } = failure(error)
    const final = state !== 'deferred' ? state : mail.attempts >= MAX_EMAIL_ATTEMPTS ? 'failed' : 'deferred'
    await db(req.payload).execute(sql`update notification_emails set state = ${final}, response = ${response}, updated_at = now() where id = ${id}`)
    if (final === 'bounced') {
      await recordBounce(req.payload, mail.to, response)
    }
    if (final === 'deferred') {
      throw error
    }
    return final
  }
}

/**
 * Sends the digests that are due: for each person, school and frequency, everything waiting is
 * taken in one statement and sent as one mail, so two workers never send a digest twice and a
 * notification is in one digest only. A digest that cannot be sent now waits for the next round.
 */
export const sendDueDigests = async (req: PayloadRequest, now = new Date()): Promise<number> => {
  // Due, or taken by a worker that stopped before it answered (past the jobs' lease).
  const takeable = sql`(e.state = 'waiting' or (e.state = 'sending' and e.frequency <> 'immediate' and e.updated_at < now() - make_interval(secs => ${settings.jobs.leaseSeconds})))`
  const { rows: due } = await db(req.payload).execute(sql`
    select distinct person_id, tenant_id, frequency::text as frequency from notification_emails e where ${takeable} and e.due_at <= ${now.toISOString()}::timestamptz limit 500`)
  let sent = 0
  for (const group of due as { person_id: number; tenant_id: number; frequency: 'daily' | 'weekly' }[]) {
    const { rows } = await db(req.payload).execute(sql`
      update notification_emails e set state = 'sending', attempts = attempts + 1, updated_at = now()
      where ${takeable} and e.due_at <= ${now.toISOString()}::timestamptz and e.person_id = ${group.person_id} and e.tenant_id = ${group.tenant_id} and e.frequency = ${group.frequency}
      returning e.id, e."to", e.locale, e.subject, e.body, e.link, e.category, e.critical, e.created_at, e.attempts`)
    const items = (rows as (Claimed & { created_at: string; attempts: number })[]).sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)) || a.id - b.id)
    if (items.length === 0) {
      continue
    }
    const ids = items.map((i) => i.id)
    const settle = (state: string, response: string) =>
      db(req.payload).execute(sql`update notification_emails set state = ${state}, response = ${response.slice(0, 1000)}, updated_at = now() where id = any(${sqlList(ids)}::int[])`)
    const latest = items[items.length - 1]!
    try {
      if (await isSuppressed(req.payload, latest.to)) {
        await settle('suppressed', 'Not sent: this address bounced; its owner must confirm it again.')
        continue
      }
      const branding = await brandingOf(req.payload, group.tenant_id, latest.locale)
      // A one-click link only when the digest is of one category: preferences are per category.
      const categories = [...new Set(items.map((i) => i.category))]
      const unsubscribe = categories.length === 1 ? unsubscribeFor(req.payload, group.person_id, categories[0]!, items.some((i) => i.critical)) : null
      const mail = renderDigestMail({ locale: latest.locale, branding, items, frequency: group.frequency, unsubscribe })
      const delivered = await deliver(req.payload, { id: items[0]!.id, to: latest.to, unsubscribe, branding }, mail)
      await db(req.payload).execute(sql`update notification_emails set state = 'sent', response = ${delivered.response}, message_id = ${delivered.messageId}, sent_at = now(), updated_at = now() where id = any(${sqlList(ids)}::int[])`)
      sent += 1
    } catch (error) {
      const { state, response } = failure(error)
      // Tried again at the next round, up to the same number of tries as a single mail.
      const final = state !== 'deferred' ? state : Math.max(...items.map((i) => i.attempts)) >= MAX_EMAIL_ATTEMPTS ? 'failed' : 'waiting'
      await settle(final, response).catch(() => undefined)
      if (final === 'bounced') {
        await recordBounce(req.payload, latest.to, response)
      }
      req.payload.logger.warn({ msg: `notifications: a digest of ${items.length} could not be sent (${final}): ${response}` })
    }
  }
  return sent
}

/** Hard bounces after which an address gets no more notification mail until its owner confirms it. */
export const BOUNCES_TO_SUPPRESS = 3

const isSuppressed = async (payload: Payload, address: string): Promise<boolean> => {
  const { rows } = await db(payload).execute(sql`select 1 from mail_suppressions where address = lower(${address}) and suppressed_at is not null`)
  return rows.length > 0
}

/** Counts a hard bounce of an address; the third in a row stops mail to it (see confirmAddress). */
export const recordBounce = async (payload: Payload, address: string, response: string): Promise<void> => {
  await db(payload).execute(sql`
    insert into mail_suppressions (address, hard_bounces, last_bounce, last_bounce_at, suppressed_at)
    values (lower(${address}), 1, ${response.slice(0, 1000)}, now(), case when 1 >= ${BOUNCES_TO_SUPPRESS} then now() end)
    on conflict (address) do update set hard_bounces = mail_suppressions.hard_bounces + 1, last_bounce = excluded.last_bounce, last_bounce_at = now(),
      suppressed_at = coalesce(mail_suppressions.suppressed_at, case when mail_suppressions.hard_bounces + 1 >= ${BOUNCES_TO_SUPPRESS} then now() end)`)
}

/** A mail that reached its person (or their confirmation of the address) clears its bounces. */
export const confirmAddress = async (payload: Payload, address: string): Promise<void> => {
  await db(payload).execute(sql`delete from mail_suppressions where address = lower(${address})`)
}

/**
 * The person says their mailbox works again: a short mail is sent to their address at once,
 * and if the server takes it the address is cleared of its bounces. 409 while it still refuses.
 */
export const reconfirmAddress = async (req: PayloadRequest, person: { id: number; email: string }): Promise<'confirmed' | 'not-suppressed'> => {
  const { rows } = await db(req.payload).execute(sql`select 1 from mail_suppressions where address = lower(${person.email}) and suppressed_at is not null`)
  if (rows.length === 0) {
    return 'not-suppressed'
  }
  try {
    await req.payload.sendEmail({ to: person.email, subject: 'Your address gets mail again', text: 'Mail to this address was refused before, so notifications stopped. It was taken now: notifications by mail start again.' })
  } catch (error) {
    const { state, response } = failure(error)
    throw conflict(state === 'bounced' ? `Your mail server still refuses mail to this address: ${response}` : `The mail could not be sent now (${response}); try again later.`)
  }
  await confirmAddress(req.payload, person.email)
  return 'confirmed'
}
