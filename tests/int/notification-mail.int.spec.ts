// The DKIM verifier alone: the package's entry point loads an undici that needs a newer Node.
import { dkimVerify } from 'mailauth/lib/dkim/verify'
import crypto from 'node:crypto'
import { sql } from '@payloadcms/db-postgres'
import { createLocalReq } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Course, NotificationEmail } from '@/payload-types'
import type { StoredEvent } from '@/domain/events/subscriber'

import { dispatchEvents } from '@/domain/events/dispatch'
import { notificationSubscriber } from '@/domain/notifications/subscriber'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import type { Mail } from '../helpers/mailbox'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'

const id = uniq()
const DKIM_DOMAIN = 'mail.aqoon.example'
const DKIM_SELECTOR = 'notify'
const keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
const publicKey = keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')

let app: TestApp
let north: School
let south: School
let amina: Persona
let course: Course
let nextEvent = 2_000_000_000 - Math.floor(Math.random() * 1_000_000)

const tokenOf = (person: Persona) => app.api.tokenOf(person)
const dispatch = async () => expect((await dispatchEvents({ payload: app.payload, subscribers: [notificationSubscriber] })).failed).toBe(0)
const runMailJobs = () => app.payload.jobs.run({ queue: 'notifications', limit: 100, overrideAccess: true })

const emailsOf = async (person: Persona): Promise<NotificationEmail[]> =>
  (await app.payload.find({ collection: 'notification-emails', where: { person: { equals: person.id } }, sort: 'id', pagination: false, depth: 0, overrideAccess: true })).docs

/** A header as it arrived (unfolded), from the raw message: the parser reshapes List-* headers. */
const header = (mail: Mail, name: string): string | undefined => {
  const head = mail.raw.toString('utf8').split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ')
  return head.split(/\r?\n/).find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim()
}

/** An event as the outbox hands it over, for kinds whose real cause is another suite's (payments). */
const event = (type: StoredEvent['type'], payload: Record<string, unknown>): StoredEvent => ({
  id: nextEvent++,
  type,
  version: 1,
  tenant: north.tenant.id,
  subjectCollection: 'orders',
  subjectId: '1',
  actorId: null,
  actorLabel: null,
  payload,
  occurredAt: new Date().toISOString(),
  requestId: null,
})

const tell = async (stored: StoredEvent) => {
  const { notify } = await import('@/domain/notifications/notify')
  const { inTransaction } = await import('@/services/database/transactions')
  const req = await createLocalReq({}, app.payload)
  return inTransaction(req, () => notify(req, stored))
}

beforeAll(async () => {
  app = await bootApp({ MAIL_BOUNCE_SECRET: 'bounce-secret-for-tests', DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() })
  north = await createSchool(app.payload, `mail-n-${id}`, { branding: { displayName: 'North Academy', primaryColor: '#0b6e4f' } })
  await app.payload.update({ collection: 'tenants', id: north.tenant.id, locale: 'ar', data: { branding: { displayName: 'أكاديمية الشمال' } }, overrideAccess: true })
  south = await createSchool(app.payload, `mail-s-${id}`)
  amina = await createPerson(app.payload, { email: `amina-${id}@north.example`, name: 'Amina', preferredLocale: 'ar', tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
  course = await createCourse(app.payload, north.tenant.id, { title: 'Fractions', enrollmentPolicy: 'approval', instructors: [north.instructor.id] })
  await app.payload.update({ collection: 'courses', id: course.id, locale: 'ar', data: { title: 'الكسور' }, overrideAccess: true })
  await dispatchEvents({ payload: app.payload, subscribers: [notificationSubscriber] })
})

afterAll(async () => {
  await app?.close()
})

describe('notification mail', () => {
  it('should mail once, in the person’s language and the school’s name, signed, with a one-click unsubscribe that only a POST honours', async () => {
    const asked = await app.api.post(`/api/courses/${course.id}/enroll`, { token: await tokenOf(amina) })
    const enrollment = ((await asked.json()) as { doc: { id: number } }).doc
    expect((await app.api.post(`/api/enrollments/${enrollment.id}/approve`, { token: await tokenOf(north.instructor) })).status).toBe(200)
    await dispatch()
    // The staff's request notice waits for their daily digest; the approval goes at once.
    expect((await emailsOf(north.instructor)).map((e) => [e.kind, e.state, e.frequency])).toEqual([['enrollment-requested', 'waiting', 'daily']])
    const [logged] = await emailsOf(amina)
    expect(logged).toMatchObject({ kind: 'enrollment-approved', state: 'queued', to: amina.email, locale: 'ar', subject: 'تم قبولك: الكسور' })

    await runMailJobs()
    const mail = await app.mailbox.waitFor((m) => m.to.includes(amina.email) && m.subject === 'تم قبولك: الكسور')
    expect(mail.html).toContain('<html lang="ar" dir="rtl">')
    expect(mail.html).toContain('أكاديمية الشمال')
    expect(mail.html).toContain('#0b6e4f')
    expect(mail.text).toContain(`/learn/courses/${course.slug}?school=${north.tenant.slug}`)
    expect(JSON.stringify(mail.headers.get('from'))).toContain('أكاديمية الشمال')
    const { settings } = await import('@/settings')
    expect(mail.envelopeFrom).toBe(`bounces+${logged!.id}@${settings.bounceDomain}`)
    const unsubscribe = /<([^>]+)>/.exec(header(mail, 'list-unsubscribe') ?? '')?.[1] ?? ''
    expect(unsubscribe).toMatch(/\/api\/notification-preferences\/unsubscribe\?token=/)
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')

    // DKIM: the signature verifies against the published key and covers the unsubscribe headers.
    const dkim = await dkimVerify(mail.raw, {
      sender: mail.envelopeFrom,
      resolver: async (name: string, type: string) => {
        if (type === 'TXT' && name === `${DKIM_SELECTOR}._domainkey.${DKIM_DOMAIN}`) {
          return [[`v=DKIM1; k=rsa; p=${publicKey}`]]
        }
        throw Object.assign(new Error(`no ${type} for ${name}`), { code: 'ENOTFOUND' })
      },
    })
    expect(dkim.results.map((r) => [r.status.result, r.signingDomain])).toEqual([['pass', DKIM_DOMAIN]])
    const signed = /\bh=([^;]+)/.exec(mail.raw.toString().split(/\r?\n(?=\S)/).find((line) => /^DKIM-Signature:/i.test(line)) ?? '')?.[1]?.replace(/\s+/g, '').toLowerCase().split(':')
    expect(signed).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'from', 'subject']))

    // Logged as sent with the server's answer; a second run of its job sends nothing.
    const [sent] = await emailsOf(amina)
    expect(sent).toMatchObject({ state: 'sent', attempts: 1 })
    expect(sent!.response).toMatch(/^250/)
    expect(sent!.messageId).toBeTruthy()
    await app.payload.jobs.queue({ task: 'sendNotification', input: { email: sent!.id }, queue: 'notifications' })
    await runMailJobs()
    expect(app.mailbox.received.filter((m) => m.to.includes(amina.email))).toHaveLength(1)

    // A link scanner's GET asks and changes nothing; the mail client's POST (no cookie) unsubscribes.
    const path = new URL(unsubscribe).pathname + new URL(unsubscribe).search
    const asked1 = await app.api.get(path)
    expect(asked1.status).toBe(200)
    expect(await asked1.text()).toContain('هل تريد إيقاف هذه الرسائل؟')
    expect((await app.payload.find({ collection: 'notification-preferences', where: { person: { equals: amina.id } }, overrideAccess: true })).docs).toHaveLength(0)
    const posted = await app.api.post(path, { rawBody: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(posted.status).toBe(200)
    const [prefs] = (await app.payload.find({ collection: 'notification-preferences', where: { person: { equals: amina.id } }, depth: 0, overrideAccess: true })).docs
    expect(prefs!.email).toMatchObject({ courses: 'never' })
    // A forged or altered token changes nothing.
    expect((await app.api.post(path.replace(/.{4}$/, 'AAAA'))).status).toBe(404)
    expect((await app.api.post(`/api/notification-preferences/unsubscribe?token=${north.student.id}.courses.${'A'.repeat(32)}`)).status).toBe(404)

    // The next news of the category is shown in the app but not mailed.
    await tell(event('enrollment.completed', { enrollment: enrollment.id, course: course.id, person: amina.id, status: 'completed', previousStatus: 'active', source: 'self', progress: 100, at: new Date().toISOString() }))
    expect((await emailsOf(amina)).map((e) => e.kind)).toEqual(['enrollment-approved'])
    expect((await app.payload.find({ collection: 'notifications', where: { person: { equals: amina.id }, kind: { equals: 'course-completed' } }, overrideAccess: true })).docs).toHaveLength(1)
  })

  it('should mail payments whatever the preferences say, without an unsubscribe link', async () => {
    const buyer = north.otherStudent
    expect((await app.api.post('/api/notification-preferences', { token: await tokenOf(buyer), body: { person: north.student.id, email: { payments: 'never', grades: 'weekly' }, inApp: { payments: 'hidden' } } })).status).toBe(201)
    // Made for themself, whoever else was named.
    const [prefs] = (await app.payload.find({ collection: 'notification-preferences', where: { person: { equals: buyer.id } }, depth: 0, overrideAccess: true })).docs
    expect(prefs).toMatchObject({ email: { payments: 'never', grades: 'weekly' } })
    expect((await app.payload.find({ collection: 'notification-preferences', where: { person: { equals: north.student.id } }, overrideAccess: true })).docs).toHaveLength(0)

    await tell(event('payment.succeeded', { order: 31, reference: 'AQ-TEST-0001', buyer: buyer.id, course: course.id, amount: 4900, currency: 'USD', provider: 'stripe', payment: 58, paidAt: new Date().toISOString() }))
    await runMailJobs()
    const mail = await app.mailbox.waitFor((m) => m.to.includes(buyer.email) && m.subject === 'Payment received: $49.00')
    expect(header(mail, 'list-unsubscribe')).toBeUndefined()
    expect(mail.text).toContain('Order AQ-TEST-0001 is paid')
    expect((await app.payload.find({ collection: 'notifications', where: { person: { equals: buyer.id }, kind: { equals: 'payment-received' } }, overrideAccess: true })).docs).toHaveLength(1)
  })

  it('should gather waiting notifications into one digest, sent once even by two workers at the same time', async () => {
    const student = north.student
    await app.payload.create({ collection: 'enrollments', data: { course: course.id, user: student.id, status: 'active', source: 'staff' } as never, overrideAccess: true })
    for (const title of ['Halves', 'Quarters']) {
      await app.payload.create({ collection: 'quizzes', data: { course: course.id, title, questions: [{ type: 'true-false', prompt: 'A half is two quarters.', points: 1, statementIsTrue: true }], _status: 'published' } as never, overrideAccess: true })
    }
    await dispatch()
    const waiting = (await emailsOf(student)).filter((e) => e.kind === 'quiz-published')
    expect(waiting.map((e) => [e.state, e.frequency])).toEqual([['waiting', 'daily'], ['waiting', 'daily']])
    // Due at 07:00 tomorrow in the school's time zone (UTC).
    const tomorrow = new Date()
    tomorrow.setUTCHours(7, 0, 0, 0)
    if (tomorrow.getTime() <= Date.now()) {
      tomorrow.setUTCDate(tomorrow.getUTCDate() + 1)
    }
    expect(new Date(waiting[0]!.dueAt).toISOString()).toBe(tomorrow.toISOString())

    const { sendDueDigests } = await import('@/domain/notifications/email/send')
    const req = await createLocalReq({}, app.payload)
    // Not yet due: nothing goes.
    expect(await sendDueDigests(req)).toBe(0)
    const at = new Date(tomorrow.getTime() + 60_000)
    const [a, b] = await Promise.all([sendDueDigests(await createLocalReq({}, app.payload), at), sendDueDigests(await createLocalReq({}, app.payload), at)])
    const digests = app.mailbox.received.filter((m) => m.to.includes(student.email) && m.subject.startsWith('Your daily summary'))
    expect(digests).toHaveLength(1)
    expect(a + b).toBeGreaterThanOrEqual(1)
    expect(digests[0]!.subject).toBe('Your daily summary: 2 updates')
    expect(digests[0]!.text).toMatch(/New quiz: Halves[\s\S]*New quiz: Quarters/)
    // One category: its one-click link is there.
    expect(header(digests[0]!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
    const after = (await emailsOf(student)).filter((e) => e.kind === 'quiz-published')
    expect(after.every((e) => e.state === 'sent')).toBe(true)
    expect(new Set(after.map((e) => e.messageId)).size).toBe(1)
    expect(await sendDueDigests(req, at)).toBe(0)
  })

  it('should mark a mail bounced on a 5xx, stop mail to an address after three, and let the school’s admins read the log and resend', async () => {
    const gone = await createPerson(app.payload, { email: `gone-${id}@north.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    app.mailbox.refuse(gone.email)
    const completed = () => tell(event('enrollment.completed', { enrollment: 1, course: course.id, person: gone.id, status: 'completed', previousStatus: 'active', source: 'self', progress: 100, at: new Date().toISOString() }))
    for (let i = 0; i < 3; i++) {
      await completed()
      await runMailJobs()
    }
    expect((await emailsOf(gone)).map((e) => e.state)).toEqual(['bounced', 'bounced', 'bounced'])
    expect((await emailsOf(gone))[0]!.response).toMatch(/550/)
    await completed()
    await runMailJobs()
    expect((await emailsOf(gone)).map((e) => e.state)).toEqual(['bounced', 'bounced', 'bounced', 'suppressed'])

    // The log: the school's admins read their school's mail, nobody else does.
    const adminToken = await tokenOf(north.admin)
    const log = (await (await app.api.get(`/api/notification-emails?where[person][equals]=${gone.id}&depth=0`, { token: adminToken })).json()) as { docs: NotificationEmail[] }
    expect(log.docs).toHaveLength(4)
    expect((await app.api.get(`/api/notification-emails?where[person][equals]=${gone.id}`, { token: await tokenOf(south.admin) })).status).toBe(200)
    expect(((await (await app.api.get(`/api/notification-emails?where[person][equals]=${gone.id}`, { token: await tokenOf(south.admin) })).json()) as { docs: unknown[] }).docs).toHaveLength(0)
    expect((await app.api.get('/api/notification-emails', { token: await tokenOf(north.student) })).status).toBe(403)

    // Resend: refused while the address is stopped; allowed once it is confirmed again, and sent.
    const bounced = log.docs[0]!
    expect((await app.api.post(`/api/notification-emails/${bounced.id}/resend`, { token: adminToken })).status).toBe(409)
    expect((await app.api.post(`/api/notification-emails/${bounced.id}/resend`, { token: await tokenOf(south.admin) })).status).toBe(404)
    expect((await app.api.post(`/api/notification-emails/${bounced.id}/resend`, { token: await tokenOf(north.student) })).status).toBe(403)
    // Its person says the mailbox works again: refused while the server still refuses, then confirmed.
    const goneToken = await tokenOf(gone)
    const still = await app.api.post('/api/notification-preferences/confirm-address', { token: goneToken })
    expect(still.status).toBe(409)
    expect(((await still.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/still refuses mail to this address: 550/)
    app.mailbox.accept(gone.email)
    expect(await (await app.api.post('/api/notification-preferences/confirm-address', { token: goneToken })).json()).toEqual({ status: 'confirmed' })
    expect(await (await app.api.post('/api/notification-preferences/confirm-address', { token: goneToken })).json()).toEqual({ status: 'not-suppressed' })
    expect((await app.api.post('/api/notification-preferences/confirm-address')).status).toBe(401)
    expect((await app.api.post(`/api/notification-emails/${bounced.id}/resend`, { token: adminToken })).status).toBe(202)
    const [sent] = (await emailsOf(amina)).filter((e) => e.state === 'sent')
    expect((await app.api.post(`/api/notification-emails/${sent!.id}/resend`, { token: adminToken })).status).toBe(202)
    expect((await app.api.post(`/api/notification-emails/${sent!.id}/resend`, { token: adminToken })).status).toBe(409)
    await runMailJobs()
    expect(app.mailbox.received.filter((m) => m.to.includes(amina.email) && m.subject === 'تم قبولك: الكسور')).toHaveLength(2)
  })

  it('should fail, not bounce, a message the server refuses after its data, and blame no address', async () => {
    const flagged = await createPerson(app.payload, { email: `flagged-${id}@north.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    app.mailbox.refuseContentFor(flagged.email)
    await tell(event('enrollment.completed', { enrollment: 1, course: course.id, person: flagged.id, status: 'completed', previousStatus: 'active', source: 'self', progress: 100, at: new Date().toISOString() }))
    await runMailJobs()
    const [mail] = await emailsOf(flagged)
    expect(mail).toMatchObject({ state: 'failed' })
    expect(mail!.response).toMatch(/554/)
    const { sql } = await import('@payloadcms/db-postgres')
    const { rows } = await app.payload.db.drizzle.execute(sql`select 1 from mail_suppressions where address = ${flagged.email}`)
    expect(rows).toHaveLength(0)
    // A mail its person turned off is not sent again by staff either.
    const waiting = await tell(event('quiz.published', { quiz: 1, course: course.id, title: 'x', questionCount: 1, totalPoints: 1, opensAt: null, closesAt: null }))
    expect(waiting.mailed.waiting).toBeGreaterThan(0)
    const student = north.student
    const [prefs] = (await app.payload.find({ collection: 'notification-preferences', where: { person: { equals: student.id } }, depth: 0, overrideAccess: true })).docs
    const token = await tokenOf(student)
    const changed = prefs
      ? await app.api.patch(`/api/notification-preferences/${prefs.id}`, { token, body: { email: { courseUpdates: 'never' } } })
      : await app.api.post('/api/notification-preferences', { token, body: { email: { courseUpdates: 'never' } } })
    expect(changed.status).toBeLessThan(300)
    const cancelled = (await emailsOf(student)).filter((e) => e.kind === 'quiz-published' && e.state === 'cancelled')
    expect(cancelled.length).toBeGreaterThan(0)
    expect((await app.api.post(`/api/notification-emails/${cancelled[0]!.id}/resend`, { token: await tokenOf(north.admin) })).status).toBe(409)
  })

  it('should take a delivery status notification back at the VERP address and bounce the mail it names', async () => {
    const later = await createPerson(app.payload, { email: `later-${id}@north.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    await tell(event('enrollment.completed', { enrollment: 1, course: course.id, person: later.id, status: 'completed', previousStatus: 'active', source: 'self', progress: 100, at: new Date().toISOString() }))
    await runMailJobs()
    const [sent] = await emailsOf(later)
    expect(sent).toMatchObject({ state: 'sent' })
    const { settings } = await import('@/settings')
    const verp = `bounces+${sent!.id}@${settings.bounceDomain}`
    const report = [
      `To: ${verp}`,
      'From: MAILER-DAEMON@mx.north.example',
      'Subject: Undelivered Mail Returned to Sender',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.north.example',
      '',
      `Final-Recipient: rfc822; ${later.email}`,
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
      '--b--',
      '',
    ].join('\r\n')
    const post = (body: string, secret?: string) => app.api.post('/api/notification-emails/bounces', { rawBody: body, headers: { 'content-type': 'message/rfc822', ...(secret ? { authorization: `Bearer ${secret}` } : {}) } })
    expect((await post(report)).status).toBe(401)
    expect((await post(report, 'wrong-secret-for-tests!!')).status).toBe(401)
    const taken = await post(report, 'bounce-secret-for-tests')
    expect(taken.status).toBe(202)
    expect(await taken.json()).toEqual({ mail: sent!.id, outcome: 'bounced' })
    const [bounced] = await emailsOf(later)
    expect(bounced).toMatchObject({ state: 'bounced' })
    expect(bounced!.response).toContain('5.1.1')
    // The same report again counts nothing more.
    expect(await (await post(report, 'bounce-secret-for-tests')).json()).toEqual({ mail: sent!.id, outcome: 'ignored' })
    const { sql } = await import('@payloadcms/db-postgres')
    const { rows } = await app.payload.db.drizzle.execute(sql`select hard_bounces from mail_suppressions where address = ${later.email}`)
    expect(rows).toEqual([{ hard_bounces: 1 }])
  })
})

describe('a busy mail server', () => {
  it('should defer a mail on a 4xx with the server’s answer, try again, and send it once the server takes it', async () => {
    const busy = await createPerson(app.payload, { email: `busy-${id}@north.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    app.mailbox.deferFor(busy.email)
    await tell(event('enrollment.completed', { enrollment: 1, course: course.id, person: busy.id, status: 'completed', previousStatus: 'active', source: 'self', progress: 100, at: new Date().toISOString() }))
    await runMailJobs()
    const [deferred] = await emailsOf(busy)
    expect(deferred).toMatchObject({ state: 'deferred', attempts: 1 })
    expect(deferred!.response).toMatch(/451/)
    // Its job failed, to be run again after its backoff; the mail was not counted as a bounce.
    const { rows } = await app.payload.db.drizzle.execute(sql`select has_error, total_tried::int as total_tried from payload_jobs where task_slug = 'sendNotification' and (input->>'email')::int = ${deferred!.id}`)
    expect(rows).toEqual([{ has_error: false, total_tried: 1 }])
    app.mailbox.accept(busy.email)
    const { sendNotificationEmail } = await import('@/domain/notifications/email/send')
    expect(await sendNotificationEmail(await createLocalReq({}, app.payload), deferred!.id)).toBe('sent')
    expect(await sendNotificationEmail(await createLocalReq({}, app.payload), deferred!.id)).toBe('skipped')
    expect((await emailsOf(busy))[0]).toMatchObject({ state: 'sent', attempts: 2 })
    expect(app.mailbox.received.filter((m) => m.to.includes(busy.email))).toHaveLength(1)
  })
})

describe('the template preview', () => {
  it('should render every kind in every language with its words filled in, right to left in Arabic', async () => {
    const { previewMail } = await import('@/domain/notifications/email/preview')
    const { NOTICE_KIND_NAMES } = await import('@/domain/notifications/kinds')
    const { LOCALES } = await import('@/i18n/locales')
    for (const kind of NOTICE_KIND_NAMES) {
      for (const { code } of LOCALES) {
        const mail = previewMail(kind, code, { name: 'North Academy', color: '#0b6e4f', logoUrl: null })
        expect(`${mail.subject} ${mail.text}`, `${kind} ${code}`).not.toMatch(/undefined|NaN|\[object/)
        expect(mail.html).toContain(`lang="${code}" dir="${code === 'ar' ? 'rtl' : 'ltr'}"`)
        expect(mail.html).toContain('North Academy')
      }
    }
    expect(previewMail('payment-received', 'en', { name: 'North Academy', color: null, logoUrl: null }).subject).toBe('Payment received: $49.00')
  })
})

describe('school defaults', () => {
  it('should mail as the school sets it those who have not chosen, and let the school’s admins set it', async () => {
    const newcomer = await createPerson(app.payload, { email: `newcomer-${id}@north.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    await app.payload.create({ collection: 'enrollments', data: { course: course.id, user: newcomer.id, status: 'active', source: 'staff' } as never, overrideAccess: true })
    // A student cannot change the school's defaults; its admin can.
    expect((await app.api.patch(`/api/tenants/${north.tenant.id}`, { token: await tokenOf(north.student), body: { notificationDefaults: { courseUpdates: 'never' } } })).status).toBe(403)
    expect((await app.api.patch(`/api/tenants/${north.tenant.id}`, { token: await tokenOf(north.admin), body: { notificationDefaults: { courseUpdates: 'weekly' } } })).status).toBe(200)
    await tell(event('quiz.published', { quiz: 1, course: course.id, title: 'x', questionCount: 1, totalPoints: 1, opensAt: null, closesAt: null }))
    const [mail] = (await emailsOf(newcomer)).filter((e) => e.kind === 'quiz-published')
    expect(mail).toMatchObject({ frequency: 'weekly', state: 'waiting' })
    // Due next Monday at 07:00 in the school's time zone (UTC).
    const due = new Date(mail!.dueAt)
    expect([due.getUTCDay(), due.getUTCHours(), due.getUTCMinutes()]).toEqual([1, 7, 0])
    expect(due.getTime() - Date.now()).toBeGreaterThan(0)
    expect(due.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000)
  })
})

