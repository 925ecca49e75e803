import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createLocalReq } from 'payload'

import type { LiveClass } from '@/payload-types'

import { queueMeetingSync } from '@/domain/live/jobs'
import { syncMeeting } from '@/domain/live/meetings'
import { createZoomClient, type MeetingSummary } from '@/services/zoom'

import { bootApp, type TestApp } from '../helpers/boot'
import { forgetZoomJobs } from '../helpers/zoomJobs'
import { createCourse } from '../helpers/courses'
import { createPerson, createSchool, type School, uniq } from '../helpers/personas'
import { startZoomStandIn, type ZoomStandIn, zoomTestAccount } from '../stand-ins/zoom'

let app: TestApp
let zoom: ZoomStandIn
let school: School
let bare: School
let course: number
let otherCourse: number
const id = uniq()
const account = zoomTestAccount({ hosts: 2 })
const [, host1, host2] = account.users

/** Whole minutes from now, as the API takes a time. */
const inMinutes = (minutes: number) => new Date(Math.ceil(Date.now() / 60_000) * 60_000 + minutes * 60_000).toISOString()

const zoomClient = () => createZoomClient({ accountId: account.accountId, clientId: account.clientId, clientSecret: account.clientSecret, apiBase: zoom.apiBase, oauthBase: zoom.baseUrl })

/** A Zoom user's upcoming meetings, as Zoom lists them. */
const meetingsOf = async (email: string): Promise<MeetingSummary[]> => {
  const found: MeetingSummary[] = []
  for await (const meeting of zoomClient().listMeetings({ userId: email, type: 'upcoming' })) {
    found.push(meeting)
  }
  return found
}

const classOf = async (classId: number): Promise<LiveClass> => app.payload.findByID({ collection: 'live-classes', id: classId, overrideAccess: true, depth: 0 })

const schedule = async (body: Record<string, unknown>, as = school.instructor) => {
  const response = await app.api.post('/api/live-classes', { token: await app.api.tokenOf(as), body: { course, title: `Live ${uniq()}`, host: school.instructor.id, durationMinutes: 60, ...body } })
  const answer = (await response.json()) as { doc?: LiveClass; errors?: { message: string; data?: { errors?: { message: string }[] } }[] }
  // A field's refusal carries its own message under data.
  return { status: response.status, doc: answer.doc, message: answer.errors?.[0]?.data?.errors?.[0]?.message ?? answer.errors?.[0]?.message }
}

const change = async (classId: number, body: Record<string, unknown>, as = school.instructor) => {
  const response = await app.api.patch(`/api/live-classes/${classId}`, { token: await app.api.tokenOf(as), body })
  const error = ((await response.json()) as { errors?: { message: string; data?: { errors?: { message: string }[] } }[] }).errors?.[0]
  return { status: response.status, message: error?.data?.errors?.[0]?.message ?? error?.message }
}

const runZoomJobs = () => app.payload.jobs.run({ queue: 'zoom' })

beforeAll(async () => {
  zoom = await startZoomStandIn({ accounts: [account] })
  app = await bootApp({ ZOOM_API_BASE: zoom.apiBase, ZOOM_OAUTH_BASE: zoom.baseUrl })
  school = await createSchool(app.payload, `live-${id}`, { timezone: 'Africa/Mogadishu' })
  bare = await createSchool(app.payload, `live-bare-${id}`)
  await app.payload.create({
    collection: 'zoom-settings',
    data: { tenant: school.tenant.id, accountId: account.accountId, clientId: account.clientId, clientSecret: account.clientSecret, webhookSecret: account.webhookSecret, hosts: [{ email: host1!.email }, { email: host2!.email }] },
    overrideAccess: true,
  })
  course = (await createCourse(app.payload, school.tenant.id, { instructors: [school.instructor.id] })).id
  otherCourse = (await createCourse(app.payload, school.tenant.id)).id
  await app.payload.create({ collection: 'enrollments', data: { tenant: school.tenant.id, user: school.student.id, course, status: 'active', source: 'staff' }, overrideAccess: true })
})

afterAll(async () => {
  await forgetZoomJobs(app?.payload)
  await app?.close()
  await zoom?.close()
})

describe('scheduling a live class', () => {
  it('should make one Zoom meeting for it under a free host, however often the job runs', async () => {
    const startsAt = inMinutes(24 * 60)
    const made = await schedule({ title: 'Fractions, live', agenda: 'Halves and quarters.', startsAt })
    expect(made.status, made.message).toBe(201)
    expect(made.doc!.zoom).toMatchObject({ hostEmail: host1!.email, state: 'waiting' })
    await runZoomJobs()
    const ready = await classOf(made.doc!.id)
    expect(ready.zoom).toMatchObject({ state: 'ready', hostEmail: host1!.email, meetingHost: host1!.email, problem: null })
    const meeting = zoom.meeting(ready.zoom!.meetingId!) as { topic: string; start_time: string; duration: number; timezone: string; agenda: string; settings: { approval_type: number } }
    expect(meeting).toMatchObject({ topic: 'Fractions, live', start_time: startsAt.replace(/\.\d{3}Z$/, 'Z'), duration: 60, timezone: 'Africa/Mogadishu', settings: { approval_type: 0 } })
    expect(meeting.agenda).toBe(`Halves and quarters.\n\n[aqoon live class ${made.doc!.id}]`)

    // The job again, twice: still one meeting.
    for (let n = 0; n < 2; n++) {
      await queueMeetingSync(await createLocalReq({}, app.payload), made.doc!.id)
    }
    await runZoomJobs()
    expect((await meetingsOf(host1!.email)).filter((m) => m.agenda?.endsWith(`[aqoon live class ${made.doc!.id}]`))).toHaveLength(1)
    expect((await classOf(made.doc!.id)).zoom!.meetingId).toBe(ready.zoom!.meetingId)
  })

  it('should give classes at the same time different hosts, and refuse one more than there are hosts', async () => {
    const startsAt = inMinutes(3 * 24 * 60)
    const first = await schedule({ startsAt })
    const overlapping = await schedule({ startsAt: inMinutes(3 * 24 * 60 + 30), durationMinutes: 90 })
    expect([first.doc!.zoom!.hostEmail, overlapping.doc!.zoom!.hostEmail]).toEqual([host1!.email, host2!.email])
    const third = await schedule({ startsAt: inMinutes(3 * 24 * 60 + 45) })
    expect([third.status, third.message]).toEqual([409, "Every Zoom host of this school (2) has a class at that time: choose another time, or ask the school's admins to add a host."])
    // Right after the first ends, its host is free again.
    const after = await schedule({ startsAt: inMinutes(3 * 24 * 60 + 60) })
    expect([after.status, after.doc!.zoom!.hostEmail]).toEqual([201, host1!.email])
    // A cancelled class frees its host.
    expect((await change(overlapping.doc!.id, { status: 'cancelled' })).status).toBe(200)
    expect((await schedule({ startsAt: inMinutes(3 * 24 * 60 + 45) })).doc!.zoom!.hostEmail).toBe(host2!.email)
    await runZoomJobs()
  })

  it('should not give one host to two classes scheduled at the same moment', async () => {
    const startsAt = inMinutes(4 * 24 * 60)
    const answers = await Promise.all([0, 1, 2].map(() => schedule({ startsAt })))
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 409])
    expect(new Set(answers.filter((a) => a.status === 201).map((a) => a.doc!.zoom!.hostEmail))).toEqual(new Set([host1!.email, host2!.email]))
    await runZoomJobs()
  })

  it('should move the meeting when the class moves, remove it when cancelled, and make it again when scheduled again', async () => {
    const made = await schedule({ startsAt: inMinutes(5 * 24 * 60) })
    await runZoomJobs()
    const meetingId = (await classOf(made.doc!.id)).zoom!.meetingId!
    const later = inMinutes(5 * 24 * 60 + 120)
    expect((await change(made.doc!.id, { startsAt: later, durationMinutes: 45 })).status).toBe(200)
    await runZoomJobs()
    expect(zoom.meeting(meetingId)).toMatchObject({ start_time: later.replace(/\.\d{3}Z$/, 'Z'), duration: 45 })

    expect((await change(made.doc!.id, { status: 'cancelled' })).status).toBe(200)
    await runZoomJobs()
    expect(zoom.meeting(meetingId)).toBeUndefined()
    expect((await classOf(made.doc!.id)).zoom).toMatchObject({ state: 'removed', meetingId: null })

    expect((await change(made.doc!.id, { status: 'scheduled' })).status).toBe(200)
    await runZoomJobs()
    const again = (await classOf(made.doc!.id)).zoom!
    expect(again.state).toBe('ready')
    expect(again.meetingId).not.toBe(meetingId)
    expect(zoom.meeting(again.meetingId!)).toBeDefined()
  })

  it("should wait for Zoom when it is down, say so, and not make a second meeting when Zoom made one and lost its answer", async () => {
    zoom.failNext({ method: 'POST', path: new RegExp(`^/v2/users/[^/]+/meetings$`), status: 500, afterHandling: true })
    const made = await schedule({ startsAt: inMinutes(7 * 24 * 60) })
    await runZoomJobs()
    const waiting = await classOf(made.doc!.id)
    expect(waiting.zoom).toMatchObject({ state: 'waiting', meetingId: null })
    expect(waiting.zoom!.problem).toMatch(/^Zoom did not answer \(500/)
    // The job's next run finds the meeting Zoom made.
    await queueMeetingSync(await createLocalReq({}, app.payload), made.doc!.id)
    await runZoomJobs()
    const ready = await classOf(made.doc!.id)
    expect(ready.zoom).toMatchObject({ state: 'ready', problem: null })
    expect((await meetingsOf(ready.zoom!.hostEmail!)).filter((m) => m.agenda?.endsWith(`[aqoon live class ${made.doc!.id}]`)).map((m) => String(m.id))).toEqual([ready.zoom!.meetingId])
  })

  it('should make one meeting when two runs of the job for a class meet, and remove it when a cancellation meets the run making it', async () => {
    const made = await schedule({ startsAt: inMinutes(6 * 24 * 60) })
    const marker = `[aqoon live class ${made.doc!.id}]`
    await Promise.all([0, 1].map(async () => syncMeeting(await createLocalReq({}, app.payload), made.doc!.id)))
    const host = made.doc!.zoom!.hostEmail!
    expect((await meetingsOf(host)).filter((m) => m.agenda?.endsWith(marker))).toHaveLength(1)
    expect((await change(made.doc!.id, { status: 'cancelled' })).status).toBe(200)
    await Promise.all([0, 1].map(async () => syncMeeting(await createLocalReq({}, app.payload), made.doc!.id)))
    expect((await meetingsOf(host)).filter((m) => m.agenda?.endsWith(marker))).toHaveLength(0)
    await runZoomJobs()
  })

  it('should title the meeting in the language the class was written in when it has no English title', async () => {
    const response = await app.api.post('/api/live-classes?locale=ar', {
      token: await app.api.tokenOf(school.instructor),
      body: { course, title: 'الكسور مباشرة', host: school.instructor.id, startsAt: inMinutes(8 * 24 * 60), durationMinutes: 30 },
    })
    expect(response.status).toBe(201)
    const made = ((await response.json()) as { doc: LiveClass }).doc
    await runZoomJobs()
    const ready = await classOf(made.id)
    expect(ready.zoom?.state).toBe('ready')
    expect(zoom.meeting(ready.zoom!.meetingId!)).toMatchObject({ topic: 'الكسور مباشرة' })
  })
})

describe('the rules of a live class', () => {
  it('should take its host among the course’s instructors, let people only cancel or reschedule it, and need Zoom', async () => {
    const startsAt = inMinutes(9 * 24 * 60)
    expect(await schedule({ startsAt, host: school.student.id })).toMatchObject({ status: 400, message: 'The host must be one of the course’s instructors.' })
    const made = await schedule({ startsAt })
    expect(await change(made.doc!.id, { status: 'live' })).toMatchObject({ status: 400, message: 'A class goes live and ends by itself, as Zoom reports it: cancel it, or schedule it again.' })
    // Zoom's side is the job's alone.
    expect((await change(made.doc!.id, { zoom: { meetingId: '123', hostEmail: 'someone@else.test' } })).status).toBe(200)
    expect((await classOf(made.doc!.id)).zoom).toMatchObject({ hostEmail: made.doc!.zoom!.hostEmail })
    expect((await classOf(made.doc!.id)).zoom!.meetingId).not.toBe('123')

    // Times and lengths that are not: refused, not a server error.
    expect((await schedule({ startsAt: '1' })).status).toBe(400)
    expect((await schedule({ startsAt, durationMinutes: 30.5 })).message).toBe('Whole minutes, from 15 to 600.')
    // An ended class stays ended; a live one ends by itself.
    await app.payload.update({ collection: 'live-classes', id: made.doc!.id, data: { status: 'ended' }, overrideAccess: true, context: { zoomSync: true } })
    expect(await change(made.doc!.id, { status: 'scheduled' })).toMatchObject({ status: 400, message: 'This class has ended: schedule a new one.' })
    expect(await change(made.doc!.id, { status: 'cancelled' })).toMatchObject({ status: 400, message: 'This class has ended: schedule a new one.' })

    // An instructor of the school who does not teach the course.
    const outsider = await createPerson(app.payload, { email: `teacher-${uniq()}@live.example`, tenants: [{ tenant: school.tenant.id, roles: ['instructor'] }] })
    expect((await schedule({ startsAt }, outsider)).status).toBe(403)
    expect((await app.api.post('/api/live-classes', { token: await app.api.tokenOf(school.instructor), body: { course: otherCourse, title: 'Not mine', host: school.instructor.id, startsAt, durationMinutes: 30 } })).status).toBe(403)

    // A school without Zoom.
    const bareCourse = (await createCourse(app.payload, bare.tenant.id, { instructors: [bare.instructor.id] })).id
    const refused = await app.api.post('/api/live-classes', { token: await app.api.tokenOf(bare.instructor), body: { course: bareCourse, title: 'No Zoom', host: bare.instructor.id, startsAt, durationMinutes: 30 } })
    expect([refused.status, ((await refused.json()) as { errors: { message: string }[] }).errors[0]?.message]).toEqual([409, 'This school has not connected Zoom: its admins set it up under Live classes, Zoom settings.'])
    await runZoomJobs()
  })

  it("should be seen by the course's students without its Zoom side, and by nobody outside the course or school", async () => {
    const made = await schedule({ startsAt: inMinutes(11 * 24 * 60) })
    const asStudent = await app.api.get(`/api/live-classes/${made.doc!.id}`, { token: await app.api.tokenOf(school.student) })
    expect(asStudent.status).toBe(200)
    const seen = (await asStudent.json()) as Record<string, unknown>
    expect(seen).toMatchObject({ id: made.doc!.id, title: expect.any(String) })
    expect(seen).not.toHaveProperty('zoom')
    // Refused (no class of theirs at all) or not found (none of theirs has this id).
    for (const token of [await app.api.tokenOf(school.otherStudent), await app.api.tokenOf(bare.admin), undefined]) {
      expect([403, 404]).toContain((await app.api.get(`/api/live-classes/${made.doc!.id}`, { token })).status)
    }
    const listed = (await (await app.api.get('/api/live-classes', { token: await app.api.tokenOf(bare.admin) })).json()) as { docs: unknown[] }
    expect(listed.docs).toEqual([])
    expect((await change(made.doc!.id, { title: 'Taken' }, school.student)).status).toBe(403)
    // Cancelled, never deleted: its record stays.
    expect((await app.api.delete(`/api/live-classes/${made.doc!.id}`, { token: await app.api.tokenOf(school.admin) })).status).toBe(403)
    await runZoomJobs()
  })
})

describe('live class events', () => {
  const eventsOf = async (type: string, classId: number) =>
    (await app.payload.find({ collection: 'domain-events', where: { and: [{ type: { equals: type } }, { subjectId: { equals: String(classId) } }] }, sort: 'id', overrideAccess: true })).docs

  it('should announce a class when it is scheduled, and once when it starts within the hour, even with two workers', async () => {
    const made = await schedule({ title: 'Soon, live', startsAt: inMinutes(40) })
    expect(made.status, made.message).toBe(201)
    const id = made.doc!.id
    expect((await eventsOf('live-class.scheduled', id)).map((e) => e.payload)).toEqual([
      { liveClass: id, course, title: 'Soon, live', startsAt: made.doc!.startsAt, durationMinutes: 60, host: school.instructor.id },
    ])
    const { announceStartingSoon } = await import('@/domain/live/startingSoon')
    await Promise.all([announceStartingSoon(await createLocalReq({}, app.payload)), announceStartingSoon(await createLocalReq({}, app.payload))])
    await announceStartingSoon(await createLocalReq({}, app.payload))
    const announced = await eventsOf('live-class.starting-soon', id)
    expect(announced).toHaveLength(1)
    expect(announced[0]!.payload).toMatchObject({ liveClass: id, course, host: school.instructor.id, durationMinutes: 60, minutesToStart: expect.any(Number) })
    // Moved later, and into the hour again: announced again at its new time.
    expect((await change(id, { startsAt: inMinutes(50) })).status).toBe(200)
    await announceStartingSoon(await createLocalReq({}, app.payload))
    expect(await eventsOf('live-class.starting-soon', id)).toHaveLength(2)
    expect((await change(id, { status: 'cancelled' })).status).toBe(200)
    await runZoomJobs()
  })
})

describe('a weekly series', () => {
  it('should make each week a class of its own at the same time of day across a clock change, or no week at all when one cannot be held', async () => {
    // London's clocks go forward on 28 March 2027: 14:00 is 14:00 GMT before, 13:00 UTC after.
    await app.payload.update({ collection: 'tenants', id: school.tenant.id, data: { timezone: 'Europe/London' }, overrideAccess: true })
    try {
      const made = await schedule({ title: `Weekly ${id}`, startsAt: '2027-03-20T14:00:00.000Z', durationMinutes: 60, repeatWeeks: 3 })
      expect(made.status, made.message).toBe(201)
      const weeks = (await app.payload.find({ collection: 'live-classes', where: { series: { equals: String(made.doc!.id) } }, sort: 'startsAt', depth: 0, overrideAccess: true })).docs
      expect(weeks.map((w) => [w.title, w.startsAt, w.status])).toEqual([
        [`Weekly ${id}`, '2027-03-20T14:00:00.000Z', 'scheduled'],
        [`Weekly ${id}`, '2027-03-27T14:00:00.000Z', 'scheduled'],
        [`Weekly ${id}`, '2027-04-03T13:00:00.000Z', 'scheduled'],
      ])
      await runZoomJobs()
      const meetings = new Set((await Promise.all(weeks.map((w) => classOf(w.id)))).map((w) => w.zoom?.meetingId))
      expect(meetings.size).toBe(3)
      // One week cancelled alone.
      expect((await change(weeks[1]!.id, { status: 'cancelled' })).status).toBe(200)
      expect((await Promise.all(weeks.map((w) => classOf(w.id)))).map((w) => w.status)).toEqual(['scheduled', 'cancelled', 'scheduled'])

      // Both hosts busy in the second week of another series: none of it is made.
      for (let n = 0; n < 2; n++) {
        expect((await schedule({ startsAt: '2027-04-17T13:00:00.000Z' })).status).toBe(201)
      }
      const refused = await schedule({ title: `Refused ${id}`, startsAt: '2027-04-10T13:00:00.000Z', repeatWeeks: 2 })
      expect([refused.status, refused.message]).toEqual([409, "Week 2 of the series (2027-04-17): Every Zoom host of this school (2) has a class at that time: choose another time, or ask the school's admins to add a host."])
      expect((await app.payload.count({ collection: 'live-classes', where: { title: { equals: `Refused ${id}` } }, overrideAccess: true })).totalDocs).toBe(0)
      expect((await schedule({ title: 'Too many', startsAt: '2027-05-01T13:00:00.000Z', repeatWeeks: 27 })).status).toBe(400)
    } finally {
      await app.payload.update({ collection: 'tenants', id: school.tenant.id, data: { timezone: 'Africa/Mogadishu' }, overrideAccess: true })
      await runZoomJobs()
    }
  })
})
