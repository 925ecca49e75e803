import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Attendance, LiveClass } from '@/payload-types'

import { dispatchEvents } from '@/domain/events/dispatch'
import { summarizeAttendance } from '@/domain/live/attendance'
import { eventSubscribers } from '@/jobs/eventSubscribers'
import { ZOOM_SIGNATURE_HEADER, ZOOM_TIMESTAMP_HEADER } from '@/services/zoom'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'
import { startWebhookRelay } from '../helpers/webhookRelay'
import { forgetZoomJobs, runZoomJobs as runUntilDone } from '../helpers/zoomJobs'
import { startZoomStandIn, type ZoomStandIn, zoomTestAccount } from '../stand-ins/zoom'
import type { Participant } from '../stand-ins/zoom/live'

let app: TestApp
let zoom: ZoomStandIn
let relay: Awaited<ReturnType<typeof startWebhookRelay>>
let school: School
let other: School
let course: number
let students: Persona[]
let klass: LiveClass
const id = uniq()
const account = zoomTestAccount({ hosts: 1 })
const minute = 60_000
/** The class's meeting starts here (whole seconds, as Zoom reports times). */
const T0 = Math.floor(Date.now() / 1000) * 1000 + 30 * minute

const runZoomJobs = () => runUntilDone(app.payload)

const rowsOf = async (classId: number): Promise<Map<number, Attendance>> =>
  new Map(
    (await app.payload.find({ collection: 'attendance', where: { liveClass: { equals: classId } }, pagination: false, depth: 0, overrideAccess: true, showHiddenFields: true })).docs.map((row) => [row.student as number, row]),
  )

const classOf = (classId: number) => app.payload.findByID({ collection: 'live-classes', id: classId, depth: 0, overrideAccess: true })

const joinAs = async (person: { email: string; password: string } | undefined, classId = klass.id) => {
  const response = await app.api.get(`/api/live-classes/${classId}/join`, person ? { token: await app.api.tokenOf(person) } : {})
  return { status: response.status, cache: response.headers.get('cache-control'), body: (await response.json()) as { url?: string; role?: string; errors?: { message: string }[] } }
}

const enroll = (person: Persona) => app.payload.create({ collection: 'enrollments', data: { tenant: school.tenant.id, user: person.id, course, status: 'active', source: 'staff' }, overrideAccess: true })

beforeAll(async () => {
  zoom = await startZoomStandIn({ accounts: [account] })
  app = await bootApp({ ZOOM_API_BASE: zoom.apiBase, ZOOM_OAUTH_BASE: zoom.baseUrl })
  relay = await startWebhookRelay(app, [ZOOM_SIGNATURE_HEADER, ZOOM_TIMESTAMP_HEADER])
  school = await createSchool(app.payload, `attend-${id}`)
  other = await createSchool(app.payload, `attend-o-${id}`)
  await app.payload.create({
    collection: 'zoom-settings',
    data: { tenant: school.tenant.id, accountId: account.accountId, clientId: account.clientId, clientSecret: account.clientSecret, webhookSecret: account.webhookSecret, hosts: [{ email: account.users[1]!.email }] },
    overrideAccess: true,
  })
  zoom.setWebhookUrl(account.accountId, `${relay.origin}/api/webhooks/zoom/${school.tenant.slug}`)
  // Two required lessons, and 80% of the live classes' time: three items of progress.
  course = (await createCourse(app.payload, school.tenant.id, { instructors: [school.instructor.id], minAttendanceShare: 80 })).id
  students = [school.student, school.otherStudent]
  for (const n of [3, 4]) {
    students.push(await createPerson(app.payload, { email: `student${n}-${id}@attend.example`, name: `Student Number${n}`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] }))
  }
  for (const student of students) {
    await enroll(student)
  }
  const made = await app.api.post('/api/live-classes', {
    token: await app.api.tokenOf(school.instructor),
    body: { course, title: 'Fractions, live', host: school.instructor.id, startsAt: new Date(T0).toISOString(), durationMinutes: 60 },
  })
  expect(made.status, await made.clone().text()).toBe(201)
  klass = ((await made.json()) as { doc: LiveClass }).doc
  await runZoomJobs()
  klass = await classOf(klass.id)
  expect(klass.zoom?.state).toBe('ready')
})

afterAll(async () => {
  await forgetZoomJobs(app?.payload)
  await relay?.close()
  await zoom?.close()
  await app?.close()
})

describe('registering students for a live class', () => {
  it('should register each student of the course once, with a join link of their own handed to them alone', async () => {
    const registrants = zoom.registrants(klass.zoom!.meetingId!)
    expect(registrants.map((r) => r.email).sort()).toEqual(students.map((s) => s.email).sort())
    const rows = await rowsOf(klass.id)
    expect(rows.size).toBe(4)

    const first = await joinAs(students[0])
    expect([first.status, first.body.role, first.cache]).toEqual([200, 'student', 'no-store, private'])
    expect(first.body.url).toBe(registrants.find((r) => r.email === students[0]!.email)!.join_url)
    expect((await joinAs(students[1])).body.url).not.toBe(first.body.url)
    // The host gets the start link; nobody else gets either.
    const host = await joinAs(school.instructor)
    expect([host.status, host.body.role]).toEqual([200, 'host'])
    // Fresh from Zoom each time: a start link lapses within hours.
    expect(host.body.url).toMatch(new RegExp(`/s/${klass.zoom!.meetingId!}\\?zak=[\\w-]+$`))
    const admin = await joinAs(school.admin)
    expect([admin.status, admin.body.errors?.[0]?.message]).toEqual([403, 'Only the class’s students get a join link, each their own; its host gets the start link.'])
    const outsider = await createPerson(app.payload, { email: `outsider-${id}@attend.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })
    expect((await joinAs(outsider)).status).toBe(404)
    expect((await joinAs(other.admin)).status).toBe(404)
    expect((await joinAs(undefined)).status).toBe(401)

    // No other answer carries a join link: not the class, not the attendance list.
    for (const person of [students[0]!, school.instructor, school.admin]) {
      const token = await app.api.tokenOf(person)
      for (const path of [`/api/live-classes/${klass.id}`, `/api/attendance?where[liveClass][equals]=${klass.id}`, `/api/attendance?depth=2`]) {
        const text = await (await app.api.get(path, { token })).text()
        expect(text).not.toContain(first.body.url)
        expect(text).not.toContain('tk=')
      }
    }

    // The job again: nobody is registered twice.
    const { queueRegistrations } = await import('@/domain/live/jobs')
    const { createLocalReq } = await import('payload')
    await queueRegistrations(await createLocalReq({}, app.payload), klass.id)
    await runZoomJobs()
    expect(zoom.registrants(klass.zoom!.meetingId!).filter((r) => !r.deleted)).toHaveLength(4)
  })

  it('should register a student who enrolls later, and take off one who leaves the course', async () => {
    const late = await createPerson(app.payload, { email: `late-${id}@attend.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })
    const enrollment = await enroll(late)
    await dispatchEvents({ payload: app.payload, subscribers: eventSubscribers })
    await runZoomJobs()
    const registered = zoom.registrants(klass.zoom!.meetingId!).find((r) => r.email === late.email && !r.deleted)
    expect(registered).toBeDefined()
    expect((await joinAs(late)).body.url).toBe(registered!.join_url)

    await app.payload.update({ collection: 'enrollments', id: enrollment.id, data: { status: 'cancelled' }, overrideAccess: true })
    await dispatchEvents({ payload: app.payload, subscribers: eventSubscribers })
    await runZoomJobs()
    expect(zoom.registrants(klass.zoom!.meetingId!).find((r) => r.id === registered!.id)!.deleted).toBe(true)
    // Never in the class: their row goes with the registration.
    expect((await rowsOf(klass.id)).has(late.id)).toBe(false)
    expect((await joinAs(late)).status).toBe(404)
  })
})

describe('attendance from Zoom', () => {
  let lost: Participant

  it('should measure each student from join and leave events: reconnects counted once, any order, replays changing nothing', async () => {
    const meetingId = klass.zoom!.meetingId!
    const linkOf = async (n: number) => (await joinAs(students[n])).body.url!
    const at = (minutes: number) => T0 + minutes * minute
    await zoom.startMeeting(meetingId, { at: at(0) })
    expect((await classOf(klass.id)).status).toBe('live')

    // First: joins, drops, comes back until the end.
    const one = await zoom.join(meetingId, { joinUrl: await linkOf(0) }, { at: at(1) })
    const replay = one.deliveries[0]!
    await zoom.leave(one.participant, { at: at(20) })
    await zoom.join(meetingId, { participant: one.participant }, { at: at(21) })
    // Second: joins late; their events arrive the wrong way round, twice.
    const two = await zoom.join(meetingId, { joinUrl: await linkOf(1) }, { at: at(25), quiet: true })
    const twoLeft = await zoom.leave(two.participant, { at: at(55), quiet: true })
    await zoom.deliver([...twoLeft.events, ...two.events], { times: 2 })
    // Third: leaves early.
    const three = await zoom.join(meetingId, { joinUrl: await linkOf(2) }, { at: at(2) })
    await zoom.leave(three.participant, { at: at(30) })
    // Fourth: in the whole class, but Zoom's events about them are lost.
    lost = (await zoom.join(meetingId, { joinUrl: await linkOf(3) }, { at: at(3), quiet: true })).participant
    await zoom.leave(lost, { at: at(59), quiet: true })

    // A replay of a delivery, byte for byte, is recorded once.
    const again = await zoom.replay(replay)
    expect(again.status).toBe(200)
    expect((await rowsOf(klass.id)).get(students[0]!.id)).toMatchObject({ status: 'pending', minutes: expect.any(Number) })

    await zoom.endMeeting(meetingId, { at: at(60) })
    const ended = await classOf(klass.id)
    expect([ended.status, ended.startedAt, ended.endedAt]).toEqual(['ended', new Date(at(0)).toISOString(), new Date(at(60)).toISOString()])
    const rows = await rowsOf(klass.id)
    const [a, b, c, d] = students.map((s) => rows.get(s.id)!)
    expect([a!.status, a!.minutes, a!.share, a!.firstJoinAt, a!.lastLeaveAt]).toEqual(['present', 58, 96.7, new Date(at(1)).toISOString(), new Date(at(60)).toISOString()])
    expect([b!.status, b!.minutes]).toEqual(['late', 30])
    expect([c!.status, c!.minutes]).toEqual(['left-early', 28])
    expect([d!.status, d!.minutes]).toEqual(['absent', 0])
    // The host is no student: no row for them.
    expect(rows.has(school.instructor.id)).toBe(false)

    const { docs } = await app.payload.find({ collection: 'domain-events', where: { and: [{ type: { equals: 'live-class.ended' } }, { subjectId: { equals: String(klass.id) } }] }, overrideAccess: true })
    expect(docs.map((event) => event.payload)).toEqual([{ liveClass: klass.id, course, endedAt: new Date(at(60)).toISOString(), students: 4, present: 1, late: 1, leftEarly: 1, absent: 1 }])
  })

  it('should fill in what lost events missed from Zoom’s participants report, and change nothing when run again', async () => {
    await runZoomJobs()
    const rows = await rowsOf(klass.id)
    expect([rows.get(students[3]!.id)!.status, rows.get(students[3]!.id)!.minutes]).toEqual(['present', 56])
    // The others are as the events had them.
    expect(students.slice(0, 3).map((s) => [rows.get(s.id)!.status, rows.get(s.id)!.minutes])).toEqual([
      ['present', 58],
      ['late', 30],
      ['left-early', 28],
    ])
    const { reconcileAttendance } = await import('@/domain/live/reconcile')
    const { createLocalReq } = await import('payload')
    await reconcileAttendance(await createLocalReq({}, app.payload), klass.id)
    const after = await rowsOf(klass.id)
    expect([...after.values()].map((row) => [row.id, row.updatedAt])).toEqual([...rows.values()].map((row) => [row.id, row.updatedAt]))
  })

  it('should count attending 80% of the classes’ time as one item of progress, where the course asks for it', async () => {
    const progress = async () =>
      (await app.payload.find({ collection: 'enrollments', where: { course: { equals: course } }, pagination: false, depth: 0, overrideAccess: true })).docs
        .filter((e) => students.some((s) => s.id === e.user))
        .sort((x, y) => students.findIndex((s) => s.id === x.user) - students.findIndex((s) => s.id === y.user))
        .map((e) => e.progress)
    // 58 and 56 of 60 minutes: one of three items; 30 and 28: none.
    expect(await progress()).toEqual([33, 0, 0, 33])
  })

  it('should refuse forged and stale events, which change nothing', async () => {
    const before = await rowsOf(klass.id)
    const stray = zoom.registrants(klass.zoom!.meetingId!).find((r) => r.email === students[2]!.email)!
    const event = {
      event: 'meeting.participant_joined',
      event_ts: Date.now(),
      payload: { account_id: account.accountId, object: { id: klass.zoom!.meetingId!, uuid: 'x', host_id: 'h', participant: { user_id: '999', user_name: 'Third', registrant_id: stray.id, join_time: new Date(T0 + 31 * minute).toISOString() } } },
    }
    const forged = await zoom.deliver(event, { forge: true })
    const stale = await zoom.deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 })
    expect([...forged.deliveries, ...stale.deliveries].map((d) => d.status)).toEqual([401, 401])
    expect([...(await rowsOf(klass.id)).values()].map((row) => row.updatedAt)).toEqual([...before.values()].map((row) => row.updatedAt))
  })
})

describe('correcting attendance', () => {
  const patch = async (as: Persona, rowId: number, body: Record<string, unknown>) => {
    const response = await app.api.patch(`/api/attendance/${rowId}?depth=0`, { token: await app.api.tokenOf(as), body })
    const error = ((await response.clone().json()) as { errors?: { message: string; data?: { errors?: { message: string }[] } }[] }).errors?.[0]
    return { status: response.status, message: error?.data?.errors?.[0]?.message ?? error?.message, doc: ((await response.json()) as { doc?: Attendance }).doc }
  }

  it('should let the course’s staff correct it with a reason, audited, and keep it through Zoom’s later reports', async () => {
    const row = (await rowsOf(klass.id)).get(students[2]!.id)!
    expect(await patch(school.instructor, row.id, { status: 'excused' })).toMatchObject({ status: 400, message: 'Say why attendance is corrected: the reason is kept with it.' })
    expect(await patch(school.instructor, row.id, { minutes: 90, reason: 'Typed in' })).toMatchObject({ status: 400, message: 'The class lasted 60 minutes: no one attended longer.' })
    expect(await patch(school.instructor, row.id, { status: 'pending', reason: 'Undo' })).toMatchObject({ status: 400 })
    // Nobody else: the student themself, another school's admin.
    expect((await patch(students[2]!, row.id, { status: 'present', reason: 'I was there' })).status).toBe(403)
    expect([403, 404]).toContain((await patch(other.admin, row.id, { status: 'present', reason: 'x' })).status)
    // Fields the system keeps are not anyone's to set.
    const sneaky = await patch(school.instructor, row.id, { segments: [], share: 100, source: 'zoom' })
    expect(sneaky.doc?.share ?? (await rowsOf(klass.id)).get(students[2]!.id)!.share).toBe(row.share)

    const excused = await patch(school.instructor, row.id, { status: 'excused', reason: 'Doctor’s appointment, note seen' })
    expect(excused.status, excused.message).toBe(200)
    expect(excused.doc).toMatchObject({ status: 'excused', reason: 'Doctor’s appointment, note seen', source: 'staff', correctedBy: school.instructor.id })
    const audit = await app.payload.find({ collection: 'audit-logs', where: { and: [{ collection: { equals: 'attendance' } }, { documentId: { equals: String(row.id) } }, { action: { equals: 'update' } }] }, sort: '-createdAt', overrideAccess: true })
    expect(audit.docs.find((entry) => (entry.changedFields as string[] | undefined)?.includes('status'))).toBeDefined()

    // Zoom's report again: the correction stands.
    const { reconcileAttendance } = await import('@/domain/live/reconcile')
    const { createLocalReq } = await import('payload')
    await reconcileAttendance(await createLocalReq({}, app.payload), klass.id)
    expect((await rowsOf(klass.id)).get(students[2]!.id)).toMatchObject({ status: 'excused', source: 'staff' })

    // A correction of minutes moves progress: 50 of 60 minutes is 83%, past the 80% asked for.
    const late = (await rowsOf(klass.id)).get(students[1]!.id)!
    expect((await patch(school.instructor, late.id, { minutes: 50, reason: 'Zoom dropped her; she was in the room' })).status).toBe(200)
    expect((await app.payload.find({ collection: 'enrollments', where: { and: [{ course: { equals: course } }, { user: { equals: students[1]!.id } }] }, depth: 0, overrideAccess: true })).docs[0]!.progress).toBe(33)
  })

  it('should show a student their own attendance, without how Zoom saw them', async () => {
    const token = await app.api.tokenOf(students[0]!)
    const { docs } = (await (await app.api.get('/api/attendance?depth=0', { token })).json()) as { docs: Record<string, unknown>[] }
    expect(docs.map((doc) => doc.student)).toEqual([students[0]!.id])
    expect(docs[0]).toMatchObject({ status: 'present', minutes: 58 })
    expect(docs[0]).not.toHaveProperty('segments')
    expect(docs[0]).not.toHaveProperty('registration')
  })
})

describe('engagement', () => {
  it('should give the course’s staff each class’s numbers and each student’s attendance beside their progress, and nobody else', async () => {
    const token = await app.api.tokenOf(school.instructor)
    const numbers = await app.api.get(`/api/live-classes/${klass.id}/engagement`, { token })
    expect(numbers.status).toBe(200)
    // After the corrections: 58, 50 (late) and 56 minutes; the excused one left out of the rate.
    expect(await numbers.json()).toEqual({ liveClass: klass.id, status: 'ended', students: 4, attended: 3, present: 2, late: 1, leftEarly: 0, absent: 0, excused: 1, averageMinutes: 54.7, attendanceRate: 100 })

    const course_ = await app.api.get(`/api/courses/${course}/attendance`, { token: await app.api.tokenOf(school.admin) })
    expect(course_.status).toBe(200)
    const { students: rows } = (await course_.json()) as { students: { student: number; classes: number; attended: number; excused: number; minutes: number; share: number; progress: number }[] }
    const byId = new Map(rows.map((row) => [row.student, row]))
    expect(students.map((s) => byId.get(s.id)).map((r) => r && [r.classes, r.attended, r.excused, r.minutes, r.share, r.progress])).toEqual([
      [1, 1, 0, 58, 96.7, 33],
      [1, 1, 0, 50, 83.3, 33],
      // Excused: nothing held they were expected at, so the share asked for is not held against them.
      [1, 0, 1, 0, 0, 33],
      [1, 1, 0, 56, 93.3, 33],
    ])

    for (const [who, status] of [
      [students[0], 403],
      [other.admin, 404],
      [undefined, 401],
    ] as const) {
      const auth = who ? { token: await app.api.tokenOf(who) } : {}
      expect((await app.api.get(`/api/live-classes/${klass.id}/engagement`, auth)).status).toBe(status)
      expect((await app.api.get(`/api/courses/${course}/attendance`, auth)).status).toBe(status)
    }
  })
})

describe('measuring a stay', () => {
  const t = (minutes: number) => new Date(T0 + minutes * minute).toISOString()
  const times = { startedAt: t(0), endedAt: t(60) }

  it('should count the union of stays within the class, whatever their order or overlap', () => {
    // Two devices at once, a reconnect, and a stay partly before the start: 5..40 and 35..45 overlap.
    const stays = [
      { stay: 'b', joinedAt: t(35), leftAt: t(45) },
      { stay: 'a', joinedAt: t(5), leftAt: t(40) },
      { stay: 'early', joinedAt: t(-20), leftAt: t(2) },
    ]
    expect(summarizeAttendance(stays, times)).toEqual({ firstJoinAt: t(0), lastLeaveAt: t(45), minutes: 42, share: 70, status: 'left-early' })
    expect(summarizeAttendance([...stays].reverse(), times)).toEqual(summarizeAttendance(stays, times))
  })

  it('should not take a stay wholly before the start for being on time, nor a leave without its join for time in the class', () => {
    const trying = { stay: 'try', joinedAt: t(-30), leftAt: t(-25) }
    expect(summarizeAttendance([trying, { stay: 'x', joinedAt: t(30), leftAt: t(60) }], times)).toMatchObject({ status: 'late', firstJoinAt: t(30), minutes: 30 })
    expect(summarizeAttendance([{ stay: 'lost-join', leftAt: t(60) }], times)).toMatchObject({ status: 'absent', minutes: 0, firstJoinAt: null })
    // A stay whose leave was lost lasts to the end; while the class is held the status waits.
    expect(summarizeAttendance([{ stay: 'open', joinedAt: t(3) }], times)).toMatchObject({ status: 'present', minutes: 57 })
    expect(summarizeAttendance([{ stay: 'open', joinedAt: t(3) }], { startedAt: t(0) })).toMatchObject({ status: 'pending' })
  })
})

describe('a meeting started outside its class', () => {
  it('should leave the class alone when the host tries the meeting days before, or starts it again days after', async () => {
    const startsAt = T0 + 3 * 24 * 60 * minute
    const made = await app.api.post('/api/live-classes', { token: await app.api.tokenOf(school.instructor), body: { course, title: 'Ratios, live', host: school.instructor.id, startsAt: new Date(startsAt).toISOString(), durationMinutes: 45 } })
    expect(made.status, await made.clone().text()).toBe(201)
    const id = ((await made.json()) as { doc: LiveClass }).doc.id
    await runZoomJobs()
    const meetingId = (await classOf(id)).zoom!.meetingId!
    const ownLink = (await joinAs(students[0], id)).body.url!

    // Two days early: the host tries the meeting, a student looks in.
    await zoom.startMeeting(meetingId, { at: startsAt - 2 * 24 * 60 * minute })
    const early = await zoom.join(meetingId, { joinUrl: ownLink }, { at: startsAt - 2 * 24 * 60 * minute + minute })
    await zoom.leave(early.participant, { at: startsAt - 2 * 24 * 60 * minute + 5 * minute })
    await zoom.endMeeting(meetingId, { at: startsAt - 2 * 24 * 60 * minute + 10 * minute })
    expect(await classOf(id)).toMatchObject({ status: 'scheduled', startedAt: null, endedAt: null })
    expect([...(await rowsOf(id)).values()].every((row) => (row.segments as unknown[]).length === 0)).toBe(true)

    // The class itself, five minutes late.
    await zoom.startMeeting(meetingId, { at: startsAt + 5 * minute })
    const real = await zoom.join(meetingId, { joinUrl: ownLink }, { at: startsAt + 6 * minute })
    await zoom.leave(real.participant, { at: startsAt + 50 * minute })
    await zoom.endMeeting(meetingId, { at: startsAt + 50 * minute })
    const held = await classOf(id)
    expect([held.status, held.startedAt, held.endedAt]).toEqual(['ended', new Date(startsAt + 5 * minute).toISOString(), new Date(startsAt + 50 * minute).toISOString()])
    expect((await rowsOf(id)).get(students[0]!.id)).toMatchObject({ status: 'present', minutes: 44 })

    // A week later the host starts it again: not this class any more.
    await zoom.startMeeting(meetingId, { at: startsAt + 7 * 24 * 60 * minute })
    await zoom.endMeeting(meetingId, { at: startsAt + 7 * 24 * 60 * minute + 30 * minute })
    expect(await classOf(id)).toMatchObject({ status: 'ended', endedAt: new Date(startsAt + 50 * minute).toISOString() })
    expect((await rowsOf(id)).get(students[0]!.id)).toMatchObject({ status: 'present', minutes: 44 })
    // Zoom's report of the session that was the class, not of the later one: the same.
    await runZoomJobs()
    expect((await rowsOf(id)).get(students[0]!.id)).toMatchObject({ status: 'present', minutes: 44 })
  })
})
