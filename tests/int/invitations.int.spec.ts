import type { Invitation, User } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import { linkIn, type Mail } from '../helpers/mailbox'
import { createPerson, createSchool, type Persona, PASSWORD, type School, uniq } from '../helpers/personas'
import { TEST_ENV } from '../helpers/testEnv'

let app: TestApp
let north: School
let south: School
const id = uniq()

type Report = { summary: Record<string, number>; rows: { line: number; email: string; result: string; message?: string }[] }
type ErrorBody = { errors: { message: string; data?: { errors?: { path: string; message: string }[] } }[] }

const INVITATION_LINK = `${TEST_ENV.SERVER_URL}/learn/invitation?token=`

const bulk = async (courseId: number, sheet: string, person: Persona | null = north.admin) =>
  app.api.post(`/api/courses/${courseId}/enrollments/bulk`, {
    token: person ? await app.api.tokenOf(person) : undefined,
    rawBody: sheet,
    headers: { 'content-type': 'text/csv' },
  })

const tokenIn = (mail: Mail): string => new URL(linkIn(mail, INVITATION_LINK)).searchParams.get('token')!

const invitationMailTo = (email: string) => app.mailbox.waitFor((mail) => mail.to.includes(email) && mail.html.includes(INVITATION_LINK))

const accept = (body: Record<string, unknown>) => app.api.post('/api/invitations/accept', { body })

const accountOf = async (email: string): Promise<User | undefined> =>
  (await app.payload.find({ collection: 'users', where: { email: { equals: email } }, depth: 0, overrideAccess: true })).docs[0]

const enrolled = async (courseId: number, userId: number | undefined) =>
  userId === undefined
    ? 0
    : (await app.payload.count({ collection: 'enrollments', where: { and: [{ course: { equals: courseId } }, { user: { equals: userId } }] }, overrideAccess: true })).totalDocs

const invitationsTo = async (email: string): Promise<Invitation[]> =>
  (await app.payload.find({ collection: 'invitations', where: { email: { equals: email } }, depth: 0, overrideAccess: true })).docs

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `inv-n-${id}`)
  south = await createSchool(app.payload, `inv-s-${id}`, { registration: 'open' })
})

afterAll(() => app.close())

describe('bulk enrollment', () => {
  it('should enroll members at once and invite everyone else alike, whether or not they have an account', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { enrollmentPolicy: 'invite-only' })
    const fresh = `fresh-${id}@example.com`
    const sheet = [
      'email,name,locale',
      `${north.student.email},Member,en`,
      `${fresh},"Xaliimo, Cali",so`,
      `${south.student.email},Elsewhere,ar`,
      'not-an-email,Broken,en',
      `${fresh},Twice,en`,
    ].join('\r\n')
    const first = await bulk(course.id, sheet)
    expect(first.status).toBe(200)
    const report = (await first.json()) as Report
    expect(report.summary).toEqual({ rows: 5, enrolled: 1, alreadyEnrolled: 0, invited: 2, alreadyInvited: 0, failed: 2 })
    expect(report.rows).toEqual([
      { line: 2, email: north.student.email, result: 'enrolled' },
      { line: 3, email: fresh, result: 'invited' },
      { line: 4, email: south.student.email, result: 'invited' },
      { line: 5, email: 'not-an-email', result: 'failed', message: 'Not a valid email address.' },
      { line: 6, email: fresh, result: 'failed', message: 'This email appears earlier in the file.' },
    ])
    // Nothing exists for the invited until they accept: no account, no membership, no enrollment.
    expect(await accountOf(fresh)).toBeUndefined()
    const elsewhere = (await accountOf(south.student.email))!
    expect(elsewhere.tenants?.map((t) => (typeof t.tenant === 'number' ? t.tenant : t.tenant.id))).toEqual([south.tenant.id])
    expect(await enrolled(course.id, elsewhere.id)).toBe(0)
    expect(await enrolled(course.id, north.student.id)).toBe(1)

    // Both invitations look the same: the same mail, each in the language of its row.
    const [freshMail, elsewhereMail] = [await invitationMailTo(fresh), await invitationMailTo(south.student.email)]
    expect(freshMail.subject).toBe('Waxaa lagugu martiqaaday dugsi')
    expect(elsewhereMail.subject).toBe('دعوة للانضمام إلى مدرسة')
    expect(tokenIn(freshMail)).not.toBe(tokenIn(elsewhereMail))

    const again = (await (await bulk(course.id, sheet)).json()) as Report
    expect(again.summary).toEqual({ rows: 5, enrolled: 0, alreadyEnrolled: 1, invited: 0, alreadyInvited: 2, failed: 2 })
    expect(app.mailbox.received.filter((mail) => mail.to.includes(fresh))).toHaveLength(1)
    expect(await invitationsTo(fresh)).toHaveLength(1)
  })

  it('should read a byte-order mark, CRLF, quoted fields over several lines and blank lines, reporting the line each row starts on', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { enrollmentPolicy: 'invite-only' })
    const [first, second] = [`multi-a-${id}@example.com`, `multi-b-${id}@example.com`]
    const sheet = `\ufeffemail,name\r\n${first},"Cali\r\nXaliimo"\r\n\r\n ${second} , "Says ""hi"", twice"\r\n\r\n\r\n`
    const response = await bulk(course.id, sheet)
    expect(response.status, await response.clone().text()).toBe(200)
    expect(((await response.json()) as Report).rows).toEqual([
      { line: 2, email: first, result: 'invited' },
      { line: 5, email: second, result: 'invited' },
    ])
  })

  it('should refuse a sheet that is not CSV with the line of the row at fault, creating nothing', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { enrollmentPolicy: 'invite-only' })
    const fine = `fine-${id}@example.com`
    const problemOf = async (sheet: string) => {
      const response = await bulk(course.id, sheet)
      return [response.status, ((await response.json()) as ErrorBody).errors[0]?.data?.errors]
    }
    expect(await problemOf(`email,name\n${fine},Fine\n"quoted-${id}@example.com","Over\ntwo lines"\nlate-${id}@example.com,"Unclosed\nnext-${id}@example.com,Next\n`)).toEqual([
      400,
      [{ path: 'file', message: 'Line 5: a quoted field is not closed (a quote inside a quoted field is written twice: "").' }],
    ])
    expect(await problemOf(`email,name\r\n${fine},Fine\r\n"after-${id}@example.com"x,Trailing\r\n`)).toEqual([
      400,
      [{ path: 'file', message: 'Line 3: a quoted field is followed by more text before the next comma.' }],
    ])
    expect(await invitationsTo(fine)).toEqual([])
    expect(app.mailbox.received.filter((mail) => mail.to.includes(fine))).toEqual([])
  })

  it('should refuse everyone but the school admin, and sheets without an email column or of the wrong type', async () => {
    const course = await createCourse(app.payload, north.tenant.id)
    expect((await bulk(course.id, 'email\nx@example.com\n', north.instructor)).status).toBe(403)
    expect((await bulk(course.id, 'email\nx@example.com\n', north.student)).status).toBe(403)
    expect((await bulk(course.id, 'email\nx@example.com\n', south.admin)).status).toBe(404)
    expect((await bulk(course.id, 'email\nx@example.com\n', null)).status).toBe(401)
    expect(await invitationsTo('x@example.com')).toEqual([])
    expect((await bulk(course.id, 'name\nNobody\n')).status).toBe(400)
    const wrongType = await app.api.post(`/api/courses/${course.id}/enrollments/bulk`, { token: await app.api.tokenOf(north.admin), body: { email: 'x@y.z' } })
    expect(wrongType.status).toBe(415)
  })
})

describe('accepting an invitation', () => {
  it('should create the account of a new person, make them a student and enroll them, once', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { enrollmentPolicy: 'invite-only' })
    const email = `newcomer-${id}@example.com`
    await bulk(course.id, `email,locale\n${email},ar\n`)
    const token = tokenIn(await invitationMailTo(email))

    const preview = await app.api.get(`/api/invitations/preview?token=${token}`)
    expect(await preview.json()).toEqual({ school: north.tenant.name, course: course.title, email, needs: 'account' })
    const missing = await accept({ token })
    expect(missing.status).toBe(400)
    expect(((await missing.json()) as ErrorBody).errors[0]?.data?.errors).toEqual([{ path: 'name', message: 'Enter your name.' }])

    const accepted = await accept({ token, name: 'Newcomer', password: PASSWORD })
    expect(accepted.status, await accepted.clone().text()).toBe(200)
    const account = (await accountOf(email))!
    expect(account).toMatchObject({ name: 'Newcomer', preferredLocale: 'ar', _verified: true })
    expect(account.tenants?.map((t) => [t.tenant, t.roles])).toEqual([[north.tenant.id, ['student']]])
    expect(await enrolled(course.id, account.id)).toBe(1)
    await app.api.login(email, PASSWORD)
    const [invitation] = await invitationsTo(email)
    expect(invitation).toMatchObject({ status: 'accepted', acceptedBy: account.id })

    expect((await accept({ token, name: 'Again', password: PASSWORD })).status).toBe(400)
    expect((await app.api.get(`/api/invitations/preview?token=${token}`)).status).toBe(400)
  })

  it("should add an existing verified person to the school with the link alone, leaving their password as it was", async () => {
    const course = await createCourse(app.payload, north.tenant.id)
    const person = await createPerson(app.payload, { email: `known-${id}@example.com`, tenants: [{ tenant: south.tenant.id, roles: ['instructor'] }] })
    await bulk(course.id, `email\n${person.email}\n`)
    const token = tokenIn(await invitationMailTo(person.email))
    expect(((await (await app.api.get(`/api/invitations/preview?token=${token}`)).json()) as { needs: string }).needs).toBe('nothing')
    const accepted = await accept({ token, password: 'Ignored-pass-1' })
    expect(accepted.status, await accepted.clone().text()).toBe(200)
    const after = (await accountOf(person.email))!
    expect(after.tenants?.map((t) => [t.tenant, t.roles])).toEqual([
      [south.tenant.id, ['instructor']],
      [north.tenant.id, ['student']],
    ])
    expect(await enrolled(course.id, person.id)).toBe(1)
    await app.api.login(person.email, PASSWORD)
  })

  it('should let the owner of the mailbox claim an unconfirmed account someone else registered, ending its sessions', async () => {
    const course = await createCourse(app.payload, north.tenant.id)
    const victim = `victim-${id}@example.com`
    // Someone registers the victim's address in a school open to all, and never confirms it.
    const registered = await app.api.post('/api/users/register', { tenant: south.tenant.slug, body: { name: 'Squatter', email: victim, password: 'Squatter-pass-1' } })
    expect(registered.status).toBe(201)
    await app.payload.update({ collection: 'users', where: { email: { equals: victim } }, data: { _verified: true }, overrideAccess: true })
    const squatterToken = await app.api.login(victim, 'Squatter-pass-1')
    await app.payload.update({ collection: 'users', where: { email: { equals: victim } }, data: { _verified: false }, overrideAccess: true })

    await bulk(course.id, `email\n${victim}\n`)
    const token = tokenIn(await invitationMailTo(victim))
    expect(((await (await app.api.get(`/api/invitations/preview?token=${token}`)).json()) as { needs: string }).needs).toBe('password')
    const withoutPassword = await accept({ token })
    expect(withoutPassword.status).toBe(400)
    expect(((await withoutPassword.json()) as ErrorBody).errors[0]?.data?.errors?.[0]?.path).toBe('password')
    const claimed = await accept({ token, password: 'Owner-pass-123' })
    expect(claimed.status, await claimed.clone().text()).toBe(200)

    expect((await app.api.post('/api/users/login', { body: { email: victim, password: 'Squatter-pass-1' } })).status).toBe(401)
    const me = (await (await app.api.get('/api/users/me', { token: squatterToken })).json()) as { user: User | null }
    expect(me.user).toBeNull()
    await app.api.login(victim, 'Owner-pass-123')
    expect((await accountOf(victim))?._verified).toBe(true)
  })

  it('should roll everything back when the course is full, and keep the invitation open', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { capacity: 1 })
    const email = `late-${id}@example.com`
    await bulk(course.id, `email\n${email}\n`)
    const token = tokenIn(await invitationMailTo(email))
    await app.payload.create({ collection: 'enrollments', data: { user: north.otherStudent.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
    const full = await accept({ token, name: 'Late', password: PASSWORD })
    expect(full.status).toBe(409)
    expect(((await full.json()) as ErrorBody).errors[0]?.message).toMatch(/full/)
    expect(await accountOf(email)).toBeUndefined()
    expect((await invitationsTo(email))[0]?.status).toBe('pending')
  })

  it('should accept once when the link is used twice at the same moment', async () => {
    const course = await createCourse(app.payload, north.tenant.id)
    const email = `twice-${id}@example.com`
    await bulk(course.id, `email\n${email}\n`)
    const token = tokenIn(await invitationMailTo(email))
    const statuses = (await Promise.all([1, 2, 3].map(() => accept({ token, name: 'Twice', password: PASSWORD })))).map((r) => r.status).sort()
    expect(statuses).toEqual([200, 400, 400])
    expect((await app.payload.count({ collection: 'users', where: { email: { equals: email } }, overrideAccess: true })).totalDocs).toBe(1)
  })

  it('should refuse revoked, expired and made-up invitations, and let only the school admin revoke', async () => {
    const course = await createCourse(app.payload, north.tenant.id)
    const [revokedEmail, expiredEmail] = [`revoked-${id}@example.com`, `expired-${id}@example.com`]
    await bulk(course.id, `email\n${revokedEmail}\n${expiredEmail}\n`)
    const [revoked] = await invitationsTo(revokedEmail)
    const [expired] = await invitationsTo(expiredEmail)
    for (const person of [south.admin, north.instructor, north.student]) {
      const status = (await app.api.patch(`/api/invitations/${revoked!.id}`, { token: await app.api.tokenOf(person), body: { status: 'revoked' } })).status
      expect([person.email, status]).toEqual([person.email, 403])
    }
    const adminToken = await app.api.tokenOf(north.admin)
    expect((await app.api.patch(`/api/invitations/${revoked!.id}`, { token: adminToken, body: { status: 'accepted' } })).status).toBe(400)
    expect((await app.api.patch(`/api/invitations/${revoked!.id}`, { token: adminToken, body: { status: 'revoked' } })).status).toBe(200)
    expect((await app.api.patch(`/api/invitations/${revoked!.id}`, { token: adminToken, body: { status: 'pending' } })).status).toBe(400)
    await app.payload.update({ collection: 'invitations', id: expired!.id, data: { expiresAt: new Date(Date.now() - 1000).toISOString() }, overrideAccess: true })
    for (const email of [revokedEmail, expiredEmail]) {
      const response = await accept({ token: tokenIn(await invitationMailTo(email)), name: 'Nope', password: PASSWORD })
      expect(response.status).toBe(400)
      expect(await accountOf(email)).toBeUndefined()
    }
    expect((await accept({ token: 'x'.repeat(43), name: 'Nope', password: PASSWORD })).status).toBe(400)
    expect((await accept({ token: '../../etc', name: 'Nope', password: PASSWORD })).status).toBe(400)
    // Admins see their school's invitations and nobody else's.
    const southern = await app.payload.create({
      collection: 'invitations',
      data: { tenant: south.tenant.id, email: `southern-${id}@example.com`, status: 'pending', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
      overrideAccess: true,
    })
    const listed = await app.api.get('/api/invitations?limit=100&depth=0', { token: await app.api.tokenOf(south.admin) })
    expect(listed.status).toBe(200)
    const list = (await listed.json()) as { docs: Invitation[] }
    expect(list.docs.map((d) => d.id)).toContain(southern.id)
    expect(list.docs.map((d) => d.email)).not.toContain(revokedEmail)
    const own = (await (await app.api.get('/api/invitations?limit=100&depth=0', { token: adminToken })).json()) as { docs: Invitation[] }
    expect(own.docs.map((d) => d.email)).toContain(revokedEmail)
  })
})
