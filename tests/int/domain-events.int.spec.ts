import type { PayloadRequest } from 'payload'

import type { Subscriber, StoredEvent } from '@/domain/events/subscriber'
import type { Course, DomainEvent } from '@/payload-types'

import { createLocalReq, initTransaction, killTransaction } from 'payload'
import { sql } from '@payloadcms/db-postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { EVENT_CATALOG, EVENT_TYPES } from '@/domain/events/catalog'
import { dispatchEvents } from '@/domain/events/dispatch'
import { expireEndedEnrollments } from '@/domain/enrollment/expiry'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse, lessonIds } from '../helpers/courses'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
const id = uniq()

const tokenOf = (person: Persona): Promise<string> => app.api.tokenOf(person)

const newStudent = (school: School) =>
  createPerson(app.payload, { email: `evt-${uniq()}@${school.tenant.slug}.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })

/** The events of one subject, oldest first. */
const eventsOf = async (collection: string, subjectId: number): Promise<DomainEvent[]> =>
  (
    await app.payload.find({
      collection: 'domain-events',
      where: { and: [{ subjectCollection: { equals: collection } }, { subjectId: { equals: String(subjectId) } }] },
      sort: 'id',
      pagination: false,
      overrideAccess: true,
    })
  ).docs

const typesOf = async (collection: string, subjectId: number) => (await eventsOf(collection, subjectId)).map((e) => e.type)

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `evt-n-${id}`)
  south = await createSchool(app.payload, `evt-s-${id}`)
})

afterAll(() => app.close())

describe('domain events are written with the change that causes them', () => {
  it('should record each enrollment status an enrollment arrives in, with a payload its schema accepts', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { enrollmentPolicy: 'approval', instructors: [north.instructor.id] })
    const student = await newStudent(north)
    const requested = await app.api.post(`/api/courses/${course.id}/enroll`, { token: await tokenOf(student) })
    expect(requested.status).toBe(201)
    const enrollment = ((await requested.json()) as { doc: { id: number } }).doc
    expect((await app.api.post(`/api/enrollments/${enrollment.id}/approve`, { token: await tokenOf(north.instructor) })).status).toBe(200)
    expect((await app.api.post(`/api/enrollments/${enrollment.id}/cancel`, { token: await tokenOf(student) })).status).toBe(200)
    const events = await eventsOf('enrollments', enrollment.id)
    expect(events.map((e) => e.type)).toEqual(['enrollment.requested', 'enrollment.activated', 'enrollment.cancelled'])
    for (const event of events) {
      expect(() => EVENT_CATALOG[event.type as 'enrollment.requested'].schema.parse(event.payload)).not.toThrow()
      expect(event.tenant).toMatchObject({ id: north.tenant.id })
    }
    expect(events[1]!.payload).toMatchObject({ enrollment: enrollment.id, course: course.id, person: student.id, status: 'active', previousStatus: 'pending', source: 'self' })
    // Who made each change: the student, then the instructor, then the student.
    expect(events.map((e) => e.actorLabel)).toEqual([student.email, north.instructor.email, student.email])
  })

  it('should record completion and expiry, which the system makes', async () => {
    const course = await createCourse(app.payload, north.tenant.id)
    const student = await newStudent(north)
    const enrolled = await app.api.post(`/api/courses/${course.id}/enroll`, { token: await tokenOf(student) })
    const enrollment = ((await enrolled.json()) as { doc: { id: number } }).doc
    for (const lesson of lessonIds(course).slice(0, 2)) {
      expect((await app.api.post(`/api/courses/${course.id}/lessons/${lesson}/complete`, { token: await tokenOf(student) })).status).toBe(200)
    }
    expect(await typesOf('enrollments', enrollment.id)).toEqual(['enrollment.activated', 'enrollment.completed'])

    const ending = await createCourse(app.payload, north.tenant.id, { endsAt: new Date(Date.now() + 60_000).toISOString() })
    const late = await app.payload.create({ collection: 'enrollments', data: { user: (await newStudent(north)).id, course: ending.id, status: 'active', source: 'staff' }, overrideAccess: true })
    const req = await createLocalReq({}, app.payload)
    expect(await expireEndedEnrollments(req, new Date(Date.now() + 120_000))).toBeGreaterThanOrEqual(1)
    const expired = await eventsOf('enrollments', late.id)
    expect(expired.map((e) => e.type)).toEqual(['enrollment.activated', 'enrollment.expired'])
    expect(expired[1]!.actorLabel).toBe('system')
  })

  it('should leave no event behind a change that rolls back', async () => {
    const course = await createCourse(app.payload, north.tenant.id)
    const student = await newStudent(north)
    const req = await createLocalReq({}, app.payload)
    await initTransaction(req)
    const enrollment = await app.payload.create({ collection: 'enrollments', data: { user: student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true, req })
    // Inside the transaction the event is there, beside its enrollment...
    expect((await app.payload.count({ collection: 'domain-events', where: { and: [{ subjectCollection: { equals: 'enrollments' } }, { subjectId: { equals: String(enrollment.id) } }] }, overrideAccess: true, req })).totalDocs).toBe(1)
    await killTransaction(req)
    // ...and after the rollback neither is.
    expect(await typesOf('enrollments', enrollment.id)).toEqual([])
    // A refused change (a full course) records nothing either.
    const full = await createCourse(app.payload, north.tenant.id, { capacity: 1 })
    await app.payload.create({ collection: 'enrollments', data: { user: (await newStudent(north)).id, course: full.id, status: 'active', source: 'staff' }, overrideAccess: true })
    const refused = await app.api.post(`/api/courses/${full.id}/enroll`, { token: await tokenOf(student) })
    expect(refused.status).toBe(409)
    const forCourse = await app.payload.find({ collection: 'domain-events', where: { type: { like: 'enrollment.' } }, pagination: false, overrideAccess: true })
    expect(forCourse.docs.filter((e) => (e.payload as { course?: number }).course === full.id)).toHaveLength(1)
  })

  it('should record hand-in, grading and release, then the certificate, then its revocation', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
    const student = await newStudent(north)
    const enrollment = await app.payload.create({ collection: 'enrollments', data: { user: student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
    const assignment = await app.payload.create({
      collection: 'assignments',
      data: { course: course.id, title: 'Essay', dueAt: new Date(Date.now() + 86_400_000).toISOString(), maxPoints: 10, passMark: 5, requiredForCompletion: true, maxAttempts: 1, latePolicy: 'cutoff', cutoffAt: new Date(Date.now() + 2 * 86_400_000).toISOString(), submissionType: 'text', _status: 'published' },
      overrideAccess: true,
    })
    const handedIn = await app.api.post(`/api/assignments/${assignment.id}/submit`, { token: await tokenOf(student), body: { text: 'My essay' } })
    expect(handedIn.status).toBe(201)
    const submission = ((await handedIn.json()) as { doc: { id: number } }).doc
    const graded = await app.api.post(`/api/submissions/${submission.id}/grade`, { token: await tokenOf(north.instructor), body: { points: 8 } })
    expect(graded.status).toBe(200)
    expect(await typesOf('submissions', submission.id)).toEqual(['submission.handed-in', 'submission.graded'])
    const released = await app.api.post(`/api/submissions/${submission.id}/grade`, { token: await tokenOf(north.instructor), body: { points: 9, release: true } })
    expect(released.status).toBe(200)
    const events = await eventsOf('submissions', submission.id)
    expect(events.map((e) => e.type)).toEqual(['submission.handed-in', 'submission.graded', 'submission.graded', 'submission.grade-released'])
    expect(events[3]!.payload).toMatchObject({ submission: submission.id, student: student.id, finalPoints: 9 })

    for (const lesson of lessonIds(course).slice(0, 2)) {
      await app.api.post(`/api/courses/${course.id}/lessons/${lesson}/complete`, { token: await tokenOf(student) })
    }
    expect(await typesOf('enrollments', enrollment.id)).toEqual(['enrollment.activated', 'enrollment.completed'])
    await app.payload.jobs.run({ queue: 'certificates' })
    const [certificate] = (await app.payload.find({ collection: 'certificates', where: { enrollment: { equals: enrollment.id } }, overrideAccess: true })).docs
    expect(await typesOf('certificates', certificate!.id)).toEqual(['certificate.issued'])
    const revoked = await app.api.post(`/api/certificates/${certificate!.id}/revoke`, { token: await tokenOf(north.admin), body: { reason: 'Issued in error.' } })
    expect(revoked.status).toBe(200)
    const certificateEvents = await eventsOf('certificates', certificate!.id)
    expect(certificateEvents.map((e) => e.type)).toEqual(['certificate.issued', 'certificate.revoked'])
    expect(certificateEvents[1]!.payload).toMatchObject({ serial: certificate!.serial, reason: 'Issued in error.' })
  })

  it('should record a course published (not its drafts) and archived, and a person joining a school', async () => {
    const draft = await createCourse(app.payload, north.tenant.id, { draft: true })
    expect(await typesOf('courses', draft.id)).toEqual([])
    await app.payload.update({ collection: 'courses', id: draft.id, data: { summary: 'Still a draft' }, draft: true, overrideAccess: true })
    expect(await typesOf('courses', draft.id)).toEqual([])
    await app.payload.update({ collection: 'courses', id: draft.id, data: { _status: 'published' }, overrideAccess: true })
    await app.payload.update({ collection: 'courses', id: draft.id, data: { archived: true } as Partial<Course>, overrideAccess: true })
    expect(await typesOf('courses', draft.id)).toEqual(['course.published', 'course.archived'])

    const person = await newStudent(north)
    await app.payload.update({ collection: 'users', id: person.id, data: { tenants: [{ tenant: north.tenant.id, roles: ['student'] }, { tenant: south.tenant.id, roles: ['instructor'] }] }, overrideAccess: true })
    const joined = await eventsOf('users', person.id)
    expect(joined.map((e) => [e.type, (e.tenant as { id: number }).id, (e.payload as { roles: string[] }).roles])).toEqual([
      ['person.joined-school', north.tenant.id, ['student']],
      ['person.joined-school', south.tenant.id, ['instructor']],
    ])
  })

  it('should document every event type with an example its schema accepts', async () => {
    const fs = await import('node:fs/promises')
    const doc = await fs.readFile('docs/events.md', 'utf8')
    for (const type of EVENT_TYPES) {
      expect(doc).toContain(`\`${type}\``)
      expect(() => EVENT_CATALOG[type].schema.parse(EVENT_CATALOG[type].example)).not.toThrow()
      expect(doc).toContain(JSON.stringify(EVENT_CATALOG[type].example, null, 2))
    }
  })
})

describe('the dispatcher', () => {
  /** A subscriber that notes what it was handed and fails on the events it is told to. */
  const recorder = (name: string, failOn = new Set<number>()) => {
    const seen: StoredEvent[] = []
    const subscriber: Subscriber = {
      name,
      handles: (type) => type.startsWith('enrollment.'),
      handle: async ({ req, event }: { req: PayloadRequest; event: StoredEvent }) => {
        if (failOn.has(event.id)) {
          failOn.delete(event.id)
          throw new Error(`refusing event ${event.id} once`)
        }
        // A real write in the subscriber's transaction, as subscribers make.
        await req.payload.count({ collection: 'domain-events', overrideAccess: true, req })
        seen.push(event)
      },
    }
    return { subscriber, seen }
  }

  const enrollmentsWithEvents = async (count: number) => {
    const course = await createCourse(app.payload, south.tenant.id, { instructors: [south.instructor.id] })
    const ids: number[] = []
    for (let i = 0; i < count; i++) {
      const student = await newStudent(south)
      const enrollment = await app.payload.create({ collection: 'enrollments', data: { user: student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
      await app.payload.update({ collection: 'enrollments', id: enrollment.id, data: { status: 'cancelled' }, overrideAccess: true })
      ids.push(enrollment.id)
    }
    return ids
  }

  it('should hand every event once to a subscriber, even with two dispatchers at once, in order per subject', async () => {
    const ids = await enrollmentsWithEvents(4)
    const { subscriber, seen } = recorder(`race-${uniq()}`)
    await Promise.all([dispatchEvents({ payload: app.payload, subscribers: [subscriber] }), dispatchEvents({ payload: app.payload, subscribers: [subscriber] })])
    const ours = seen.filter((e) => ids.includes(Number(e.subjectId)))
    expect(ours).toHaveLength(8)
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length)
    for (const enrollment of ids) {
      expect(ours.filter((e) => Number(e.subjectId) === enrollment).map((e) => e.type)).toEqual(['enrollment.activated', 'enrollment.cancelled'])
    }
    // A third run finds everything received: nothing is handed twice.
    await dispatchEvents({ payload: app.payload, subscribers: [subscriber] })
    expect(seen.filter((e) => ids.includes(Number(e.subjectId)))).toHaveLength(8)
  })

  it('should hand over an event whose transaction commits after later ones were handed over, and then read only what is new', async () => {
    const { subscriber, seen } = recorder(`late-${uniq()}`)
    const course = await createCourse(app.payload, south.tenant.id, { instructors: [south.instructor.id] })
    const student = await newStudent(south)
    // A slow writer takes its event's id first and commits last.
    const req = await createLocalReq({}, app.payload)
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let wrote!: () => void
    const written = new Promise<void>((resolve) => (wrote = resolve))
    await initTransaction(req)
    const slow = (async () => {
      const enrollment = await app.payload.create({ collection: 'enrollments', data: { user: student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true, req })
      wrote()
      await released
      await req.payload.db.commitTransaction!(req.transactionID!)
      return enrollment
    })()
    await written
    const [quick] = await enrollmentsWithEvents(1)
    await dispatchEvents({ payload: app.payload, subscribers: [subscriber] })
    expect(seen.filter((e) => Number(e.subjectId) === quick).map((e) => e.type)).toEqual(['enrollment.activated', 'enrollment.cancelled'])
    release()
    const late = await slow
    const [lateEvent] = await eventsOf('enrollments', late.id)
    expect(lateEvent!.id).toBeLessThan((await eventsOf('enrollments', quick!))[0]!.id)
    await dispatchEvents({ payload: app.payload, subscribers: [subscriber] })
    expect(seen.filter((e) => Number(e.subjectId) === late.id).map((e) => e.id)).toEqual([lateEvent!.id])
    // With everything settled, the subscriber's cursor is past both writers: later passes start there.
    const { rows } = await app.payload.db.drizzle.execute(sql`
      select c.settled_before > (select max(txid) from domain_events where id in (${lateEvent!.id}, ${(await eventsOf('enrollments', quick!)).at(-1)!.id})) as past
      from event_cursors c where c.subscriber = ${subscriber.name}`)
    expect(rows).toEqual([{ past: true }])
  })

  it('should retry a failed event later and hold its subject\'s later events until then', async () => {
    const [enrollment] = await enrollmentsWithEvents(1)
    const events = await eventsOf('enrollments', enrollment!)
    const { subscriber, seen } = recorder(`retry-${uniq()}`, new Set([events[0]!.id]))
    const start = Date.now()
    const first = await dispatchEvents({ payload: app.payload, subscribers: [subscriber], now: () => new Date(start) })
    expect(first.failed).toBe(1)
    // The first event failed, so the second (same enrollment) waits for it.
    expect(seen.filter((e) => Number(e.subjectId) === enrollment)).toEqual([])
    const [receipt] = (await app.payload.find({ collection: 'event-receipts', where: { and: [{ subscriber: { equals: subscriber.name } }, { event: { equals: events[0]!.id } }] }, overrideAccess: true })).docs
    expect(receipt).toMatchObject({ status: 'retrying', attempts: 1, lastError: `refusing event ${events[0]!.id} once` })
    // Before the backoff is over nothing happens; after it both arrive, in order.
    await dispatchEvents({ payload: app.payload, subscribers: [subscriber], now: () => new Date(start + 1000) })
    expect(seen.filter((e) => Number(e.subjectId) === enrollment)).toEqual([])
    await dispatchEvents({ payload: app.payload, subscribers: [subscriber], now: () => new Date(start + 60_000) })
    expect(seen.filter((e) => Number(e.subjectId) === enrollment).map((e) => e.id)).toEqual(events.map((e) => e.id))
  })
  it('should hand a group to a subscriber that takes them together, and when the group fails hold back only the event it fails on', async () => {
    const enrollments = await enrollmentsWithEvents(3)
    const [failingEvent] = await eventsOf('enrollments', enrollments[1]!)
    const seen: StoredEvent[] = []
    const groups: number[][] = []
    let refusing = true
    const subscriber: Subscriber = {
      name: `group-${uniq()}`,
      handles: (type) => type.startsWith('enrollment.'),
      handleAll: async ({ req, events }) => {
        if (refusing && events.some((e) => e.id === failingEvent!.id)) {
          throw new Error(`refusing a group with event ${failingEvent!.id}`)
        }
        await req.payload.count({ collection: 'domain-events', overrideAccess: true, req })
        groups.push(events.map((e) => e.id))
        seen.push(...events)
      },
    }
    const ours = () => seen.filter((e) => enrollments.includes(Number(e.subjectId)))
    const start = Date.now()
    const first = await dispatchEvents({ payload: app.payload, subscribers: [subscriber], now: () => new Date(start) })
    // Tried in its group and then alone, but recorded as one failure.
    expect(first.failed).toBe(1)
    for (const [index, enrollment] of enrollments.entries()) {
      const handed = ours().filter((e) => Number(e.subjectId) === enrollment).map((e) => e.id)
      expect(handed).toEqual(index === 1 ? [] : (await eventsOf('enrollments', enrollment)).map((e) => e.id))
    }
    const [receipt] = (await app.payload.find({ collection: 'event-receipts', where: { and: [{ subscriber: { equals: subscriber.name } }, { event: { equals: failingEvent!.id } }] }, overrideAccess: true })).docs
    expect(receipt).toMatchObject({ status: 'retrying', attempts: 1, lastError: `refusing a group with event ${failingEvent!.id}` })
    refusing = false
    await dispatchEvents({ payload: app.payload, subscribers: [subscriber], now: () => new Date(start + 60_000) })
    // Both of its events, due now, are handed over together, in order.
    expect(groups.at(-1)).toEqual((await eventsOf('enrollments', enrollments[1]!)).map((e) => e.id))
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length)
  })
})

describe('the subscribers', () => {
  it('should mail the learner on approval, a released grade and a certificate, in their language, once per event', async () => {
    const { eventSubscribers } = await import('@/jobs/eventSubscribers')
    const course = await createCourse(app.payload, north.tenant.id, { enrollmentPolicy: 'approval', instructors: [north.instructor.id] })
    const student = await createPerson(app.payload, { email: `notice-${uniq()}@example.com`, preferredLocale: 'ar', tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    const requested = await app.api.post(`/api/courses/${course.id}/enroll`, { token: await tokenOf(student) })
    const enrollment = ((await requested.json()) as { doc: { id: number } }).doc
    await app.api.post(`/api/enrollments/${enrollment.id}/approve`, { token: await tokenOf(north.instructor) })
    await dispatchEvents({ payload: app.payload, subscribers: eventSubscribers })
    // Dispatching again (a second worker, a rerun) queues nothing more.
    await dispatchEvents({ payload: app.payload, subscribers: eventSubscribers })
    // Every notification queued so far by any test on this database, not only the first batch of ten.
    await app.payload.jobs.run({ queue: 'notifications', limit: 10_000 })
    const approved = await app.mailbox.waitFor((mail) => mail.to.includes(student.email))
    // The course has no Arabic title: its English one stands in.
    expect(approved.subject).toBe(`تم قبولك: ${String(course.title)}`)
    expect(approved.html).toContain('dir="rtl"')
    expect(approved.html).toContain(`/learn/courses/${course.slug}?school=${north.tenant.slug}`)
    expect(app.mailbox.received.filter((mail) => mail.to.includes(student.email))).toHaveLength(1)
  })

  it('should count each course\'s activity per day once per event, for the course\'s staff to read', async () => {
    const { eventSubscribers } = await import('@/jobs/eventSubscribers')
    const course = await createCourse(app.payload, south.tenant.id, { instructors: [south.instructor.id] })
    for (let i = 0; i < 3; i++) {
      const enrollment = await app.payload.create({ collection: 'enrollments', data: { user: (await newStudent(south)).id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
      if (i === 0) {
        await app.payload.update({ collection: 'enrollments', id: enrollment.id, data: { status: 'cancelled' }, overrideAccess: true })
      }
    }
    await Promise.all([dispatchEvents({ payload: app.payload, subscribers: eventSubscribers }), dispatchEvents({ payload: app.payload, subscribers: eventSubscribers })])
    await dispatchEvents({ payload: app.payload, subscribers: eventSubscribers })
    const read = async (person: Persona) =>
      app.api.get(`/api/course-activity?where[course][equals]=${course.id}`, { token: await tokenOf(person) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { docs?: Record<string, unknown>[] } }))
    const byInstructor = await read(south.instructor)
    expect(byInstructor.status).toBe(200)
    expect(byInstructor.body.docs).toHaveLength(1)
    expect(byInstructor.body.docs![0]).toMatchObject({ day: new Date().toISOString().slice(0, 10), enrollments: 3, cancellations: 1, completions: 0 })
    expect((await read(south.student)).body.docs ?? []).toEqual([])
    expect((await read(north.admin)).body.docs ?? []).toEqual([])
  })
})
