import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'
import { forgetZoomJobs } from '../helpers/zoomJobs'

let app: TestApp
let school: School
let arabic: Persona
let taught: number
let notTaken: number
const id = uniq()
const day = 86_400_000
const at = (days: number, hour: number) => new Date(Math.floor(Date.now() / day) * day + days * day + hour * 3_600_000).toISOString()
/** Long enough that its lines are folded, inside Arabic letters (two octets each). */
const AGENDA_AR = 'نراجع الكسور والنسب المئوية، ونحل تمارين الواجب معاً؛ أحضروا أسئلتكم. '.repeat(4).trim()
const classIds: Record<string, number> = {}

const feedOf = async (as: Persona, body: Record<string, unknown>) => {
  const response = await app.api.post('/api/calendar-feeds', { token: await app.api.tokenOf(as), body: { tenant: school.tenant.id, ...body } })
  const answer = (await response.json()) as { doc?: { id: number; url?: string; hint?: string }; errors?: { message: string; data?: { errors?: { message: string }[] } }[] }
  return { status: response.status, doc: answer.doc, message: answer.errors?.[0]?.data?.errors?.[0]?.message ?? answer.errors?.[0]?.message }
}

/** The calendar at a feed's address, fetched as a calendar client does (no sign-in), and parsed. */
const calendarAt = async (url: string) => {
  const response = await app.api.get(new URL(url).pathname)
  const text = await response.text()
  if (response.status !== 200) {
    return { status: response.status, text, events: [] }
  }
  const calendar = new ICAL.Component(ICAL.parse(text))
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent)
    return { uid: event.uid, summary: event.summary, description: event.description, start: event.startDate.toJSDate().toISOString(), end: event.endDate.toJSDate().toISOString(), status: vevent.getFirstPropertyValue('status') }
  })
  return { status: response.status, type: response.headers.get('content-type'), text, events, name: calendar.getFirstPropertyValue('x-wr-calname') }
}

beforeAll(async () => {
  app = await bootApp()
  school = await createSchool(app.payload, `cal-${id}`)
  arabic = await createPerson(app.payload, { email: `arabic-${id}@cal.example`, preferredLocale: 'ar', tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })
  await app.payload.create({
    collection: 'zoom-settings',
    data: { tenant: school.tenant.id, accountId: 'calAccount', clientId: 'calClient', clientSecret: 'cal-secret', webhookSecret: 'cal-token', hosts: [{ email: 'host1@cal.example' }, { email: 'host2@cal.example' }] },
    overrideAccess: true,
  })
  taught = (await createCourse(app.payload, school.tenant.id, { instructors: [school.instructor.id] })).id
  notTaken = (await createCourse(app.payload, school.tenant.id, { instructors: [school.instructor.id] })).id
  for (const student of [school.student, arabic]) {
    await app.payload.create({ collection: 'enrollments', data: { tenant: school.tenant.id, user: student.id, course: taught, status: 'active', source: 'staff' }, overrideAccess: true })
  }
  const token = await app.api.tokenOf(school.instructor)
  const schedule = async (name: string, body: Record<string, unknown>, locale = 'en') => {
    const response = await app.api.post(`/api/live-classes?locale=${locale}`, { token, body: { host: school.instructor.id, durationMinutes: 60, ...body } })
    expect(response.status, await response.clone().text()).toBe(201)
    classIds[name] = ((await response.json()) as { doc: { id: number } }).doc.id
  }
  await schedule('fractions', { course: taught, title: 'Fractions; halves, quarters', agenda: 'Bring your homework.\nAnd questions.', startsAt: at(2, 14) })
  await app.api.patch(`/api/live-classes/${classIds.fractions}?locale=ar`, { token, body: { title: 'الكسور مباشرة', agenda: AGENDA_AR } })
  await schedule('cancelled', { course: taught, title: 'Cancelled revision', startsAt: at(3, 14) })
  expect((await app.api.patch(`/api/live-classes/${classIds.cancelled}`, { token, body: { status: 'cancelled' } })).status).toBe(200)
  await schedule('elsewhere', { course: notTaken, title: 'Not for the students', startsAt: at(4, 14) })
})

afterAll(async () => {
  await forgetZoomJobs(app?.payload)
  await app?.close()
})

describe('calendar feeds', () => {
  it('should give a person a feed of their own classes, valid iCalendar, in their language, without join links', async () => {
    const made = await feedOf(school.student, {})
    expect(made.status, made.message).toBe(201)
    expect(made.doc!.url).toMatch(/\/api\/calendar-feeds\/ical\/aqc_[\w-]{43}\.ics$/)
    const calendar = await calendarAt(made.doc!.url!)
    expect([calendar.status, calendar.type]).toEqual([200, 'text/calendar; charset=utf-8'])
    expect(calendar.text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true)
    expect(calendar.events.map((e) => [e.summary, e.status, e.start, e.end])).toEqual([
      ['Fractions; halves, quarters', 'CONFIRMED', at(2, 14), at(2, 15)],
      ['Cancelled revision', 'CANCELLED', at(3, 14), at(3, 15)],
    ])
    expect(calendar.events[0]!.description).toContain('Bring your homework.\nAnd questions.')
    expect(calendar.events[0]!.uid).toBe(`live-class-${classIds.fractions}@${new URL(made.doc!.url!).host}`)
    expect(calendar.text).not.toMatch(/tk=|zak=|\/w\/\d/)

    // In Arabic for a student who reads Arabic; folded lines inside Arabic letters come back whole.
    const theirs = await calendarAt((await feedOf(arabic, {})).doc!.url!)
    expect(theirs.events[0]!.summary).toBe('الكسور مباشرة')
    expect(theirs.events[0]!.description).toContain(AGENDA_AR)
  })

  it('should give a course’s feed only to those who learn in it or teach it', async () => {
    expect(await feedOf(school.student, { course: notTaken })).toMatchObject({ status: 400, message: 'Choose a course you learn in or teach.' })
    const course = await feedOf(school.student, { course: taught })
    expect(course.status).toBe(201)
    expect((await calendarAt(course.doc!.url!)).events).toHaveLength(2)
    // The instructor's own feed: both courses they teach.
    const teacher = await calendarAt((await feedOf(school.instructor, {})).doc!.url!)
    expect(teacher.events.map((e) => e.summary)).toEqual(['Fractions; halves, quarters', 'Cancelled revision', 'Not for the students'])
  })

  it('should show a feed’s address once, keep it from everyone else, and stop it for good when revoked', async () => {
    const made = await feedOf(school.student, {})
    const mine = await app.api.tokenOf(school.student)
    const read = (await (await app.api.get(`/api/calendar-feeds/${made.doc!.id}`, { token: mine })).json()) as Record<string, unknown>
    expect(read).toMatchObject({ id: made.doc!.id, status: 'active', hint: made.doc!.url!.split('/').at(-1)!.slice(0, 8) })
    expect(read).not.toHaveProperty('url')
    expect(read).not.toHaveProperty('tokenHash')
    for (const other of [school.admin, school.instructor, school.otherStudent]) {
      expect((await app.api.get(`/api/calendar-feeds/${made.doc!.id}`, { token: await app.api.tokenOf(other) })).status).toBe(404)
      expect([403, 404]).toContain((await app.api.patch(`/api/calendar-feeds/${made.doc!.id}`, { token: await app.api.tokenOf(other), body: { status: 'revoked' } })).status)
    }
    expect((await calendarAt(made.doc!.url!)).status).toBe(200)
    // Not for an API key: a feed is a person's.
    const key = ((await (await app.api.post('/api/api-keys', { token: await app.api.tokenOf(school.admin), body: { name: `cal ${id}`, tenant: school.tenant.id } })).json()) as { doc: { key: string } }).doc.key
    expect((await app.api.post('/api/calendar-feeds', { headers: { authorization: `Bearer ${key}` }, body: { tenant: school.tenant.id } })).status).toBe(403)

    expect((await app.api.patch(`/api/calendar-feeds/${made.doc!.id}`, { token: mine, body: { status: 'revoked' } })).status).toBe(200)
    expect((await calendarAt(made.doc!.url!)).status).toBe(404)
    const again = await app.api.patch(`/api/calendar-feeds/${made.doc!.id}`, { token: mine, body: { status: 'active' } })
    expect(again.status).toBe(400)
    expect((await calendarAt(made.doc!.url!)).status).toBe(404)
    // Tokens that are not one: no feed, the same answer.
    for (const path of ['aqc_' + 'A'.repeat(43) + '.ics', 'nonsense', '%00']) {
      expect((await app.api.get(`/api/calendar-feeds/ical/${path}`)).status).toBe(404)
    }
  })
})
