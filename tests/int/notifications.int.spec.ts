import { createLocalReq } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Course, Notification } from '@/payload-types'

import { dispatchEvents } from '@/domain/events/dispatch'
import { notify } from '@/domain/notifications/notify'
import { notificationSubscriber } from '@/domain/notifications/subscriber'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
let arabic: Persona
let pending: Persona
let otherInstructor: Persona
let course: Course
const id = uniq()

const tokenOf = (person: Persona) => app.api.tokenOf(person)
/** Hands new events to the notifications subscriber; none may fail. */
const dispatch = async () => expect((await dispatchEvents({ payload: app.payload, subscribers: [notificationSubscriber] })).failed).toBe(0)

/** A person's notifications, newest first, as the database holds them. */
const noticesOf = async (person: Persona, kind?: string): Promise<Notification[]> =>
  (await app.payload.find({ collection: 'notifications', where: { and: [{ person: { equals: person.id } }, ...(kind ? [{ kind: { equals: kind } }] : [])] }, sort: '-createdAt', pagination: false, depth: 0, overrideAccess: true })).docs

const listed = async (person: Persona, query = '') => {
  const response = await app.api.get(`/api/notifications?depth=0${query}`, { token: await tokenOf(person) })
  expect(response.status).toBe(200)
  return ((await response.json()) as { docs: Notification[] }).docs
}

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `notify-n-${id}`, { timezone: 'Africa/Mogadishu' })
  south = await createSchool(app.payload, `notify-s-${id}`)
  const member = (local: string, role: 'student' | 'instructor', preferredLocale: 'en' | 'ar' | 'so' = 'en') =>
    createPerson(app.payload, { email: `${local}-${id}@north.example`, name: local, preferredLocale, tenants: [{ tenant: north.tenant.id, roles: [role] }] })
  arabic = await member('amina', 'student', 'ar')
  pending = await member('pending', 'student')
  otherInstructor = await member('other-teacher', 'instructor')
  course = await createCourse(app.payload, north.tenant.id, { title: 'Fractions', enrollmentPolicy: 'approval', instructors: [north.instructor.id] })
  await app.payload.update({ collection: 'courses', id: course.id, locale: 'ar', data: { title: 'الكسور' }, overrideAccess: true })
  // Older events (other test files') are handed over first, so each dispatch below sees only its own.
  await dispatchEvents({ payload: app.payload, subscribers: [notificationSubscriber] })
})

afterAll(async () => {
  await app?.close()
})

describe('in-app notifications', () => {
  it('should tell each person concerned once, in their language, and nobody else', async () => {
    // A request to join tells the course's staff: its instructor and the school's admin, not another instructor.
    const asked = await app.api.post(`/api/courses/${course.id}/enroll`, { token: await tokenOf(arabic) })
    expect(asked.status).toBe(201)
    const enrollment = ((await asked.json()) as { doc: { id: number; status: string } }).doc
    expect(enrollment.status).toBe('pending')
    await dispatch()
    const [request] = await noticesOf(north.instructor, 'enrollment-requested')
    expect(request).toMatchObject({ title: 'Enrollment request: Fractions', body: 'amina asked to join the course and waits for your decision.', link: `/admin/collections/enrollments/${enrollment.id}`, category: 'teaching', critical: false, locale: 'en', readAt: null })
    expect(await noticesOf(north.admin, 'enrollment-requested')).toHaveLength(1)
    expect(await noticesOf(otherInstructor)).toHaveLength(0)
    expect(await noticesOf(arabic)).toHaveLength(0)

    // The approval tells the student, in Arabic, with the course's Arabic title and a link to it in their school.
    expect((await app.api.post(`/api/enrollments/${enrollment.id}/approve`, { token: await tokenOf(north.instructor) })).status).toBe(200)
    // Another student's request stays pending; two more are enrolled.
    expect((await app.api.post(`/api/courses/${course.id}/enroll`, { token: await tokenOf(pending) })).status).toBe(201)
    for (const student of [north.student, north.otherStudent]) {
      await app.payload.create({ collection: 'enrollments', data: { course: course.id, user: student.id, status: 'active', source: 'staff' } as never, overrideAccess: true })
    }
    await dispatch()
    const [approved] = await noticesOf(arabic, 'enrollment-approved')
    expect(approved).toMatchObject({ title: 'تم قبولك: الكسور', locale: 'ar', category: 'courses', link: `/learn/courses/${course.slug}?school=${north.tenant.slug}` })
    // Enrolled by staff: no news.
    expect(await noticesOf(north.student, 'enrollment-approved')).toHaveLength(0)

    // A published quiz tells the course's active students, in their own words, and nobody in another school.
    const quiz = await app.payload.create({
      collection: 'quizzes',
      data: { course: course.id, title: 'Halves and quarters', closesAt: '2027-01-15T17:00:00.000Z', questions: [{ type: 'true-false', prompt: 'A half is two quarters.', points: 1, statementIsTrue: true }], _status: 'published' } as never,
      overrideAccess: true,
    })
    await dispatch()
    const told = await app.payload.find({ collection: 'notifications', where: { event: { exists: true }, kind: { equals: 'quiz-published' }, link: { contains: `/quizzes/${quiz.id}?` } }, pagination: false, depth: 0, overrideAccess: true })
    expect(told.docs.map((n) => n.person).sort()).toEqual([arabic.id, north.student.id, north.otherStudent.id].sort())
    const [english] = await noticesOf(north.student, 'quiz-published')
    // In the school's time zone (Mogadishu, UTC+3).
    expect(english).toMatchObject({ title: 'New quiz: Halves and quarters', body: 'Fractions: a new quiz is open. It closes Jan 15, 2027, 8:00 PM GMT+3.' })
    const [inArabic] = await noticesOf(arabic, 'quiz-published')
    expect(inArabic!.title).toBe('اختبار جديد: Halves and quarters')
    expect(inArabic!.body).toContain('الكسور: اختبار جديد متاح.')
    expect(await noticesOf(pending, 'quiz-published')).toHaveLength(0)
    expect(await noticesOf(south.student)).toHaveLength(0)

    // Handed over again (a second worker, a retried job): nobody is told twice.
    const event = (await app.payload.find({ collection: 'domain-events', where: { type: { equals: 'quiz.published' }, subjectId: { equals: String(quiz.id) } }, depth: 0, overrideAccess: true })).docs[0]!
    const req = await createLocalReq({}, app.payload)
    const again = await notify(req, { ...event, tenant: north.tenant.id, payload: event.payload as Record<string, unknown>, actorId: null, actorLabel: null, requestId: null, subjectCollection: event.subjectCollection, subjectId: event.subjectId, version: event.version, occurredAt: event.occurredAt, type: 'quiz.published', id: event.id })
    expect(again).toEqual({ shown: [], mailed: { queued: 0, waiting: 0 } })
    expect(await noticesOf(arabic, 'quiz-published')).toHaveLength(1)
  })

  it('should let a person list, count and mark only their own, over REST and GraphQL', async () => {
    const mine = await listed(arabic)
    expect(mine.length).toBeGreaterThanOrEqual(2)
    expect(mine.every((n) => n.person === arabic.id)).toBe(true)
    const token = await tokenOf(arabic)
    const count = async () => ((await (await app.api.get('/api/notifications/unread-count', { token })).json()) as { unread: number }).unread
    expect(await count()).toBe(mine.length)

    // Marking another's notification read changes nothing of theirs, and says so.
    const [theirs] = await noticesOf(north.student)
    const marked = await app.api.post('/api/notifications/read', { token, body: { ids: [mine[0]!.id, theirs!.id] } })
    expect(await marked.json()).toEqual({ marked: 1, unread: mine.length - 1 })
    expect((await noticesOf(north.student)).find((n) => n.id === theirs!.id)?.readAt).toBeNull()
    // Marked again: its first time stays.
    const first = (await noticesOf(arabic)).find((n) => n.id === mine[0]!.id)!.readAt
    expect(first).toBeTruthy()
    expect(await (await app.api.post('/api/notifications/read', { token, body: { ids: [mine[0]!.id] } })).json()).toEqual({ marked: 0, unread: mine.length - 1 })
    expect((await noticesOf(arabic)).find((n) => n.id === mine[0]!.id)!.readAt).toBe(first)
    expect((await listed(arabic, '&where[readAt][exists]=false')).map((n) => n.id)).not.toContain(mine[0]!.id)

    // GraphQL: the same count, list and marking.
    const gql = await app.api.graphql('{ unreadNotificationCount Notifications(sort: "-createdAt") { docs { id title person { id } } } }', {}, { token })
    expect(gql.errors).toBeUndefined()
    expect((gql.data as { unreadNotificationCount: number }).unreadNotificationCount).toBe(mine.length - 1)
    const docs = (gql.data as { Notifications: { docs: { id: number; person: { id: number } }[] } }).Notifications.docs
    expect(docs.map((d) => d.id).sort()).toEqual(mine.map((n) => n.id).sort())
    const all = await app.api.graphql('mutation { markNotificationsRead(all: true) { marked unread } }', {}, { token })
    expect(all.data).toEqual({ markNotificationsRead: { marked: mine.length - 1, unread: 0 } })
    expect(await count()).toBe(0)
    expect((await noticesOf(north.student)).every((n) => n.readAt === null)).toBe(true)

    // Bad requests are 400s that say what to send; nobody signed in is a 401.
    for (const body of [{}, { ids: [] }, { ids: ['x'] }, { ids: [1], all: true }, { all: 'yes' }, { ids: Array.from({ length: 501 }, (_, i) => i + 1) }]) {
      const response = await app.api.post('/api/notifications/read', { token, body })
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(((await response.json()) as { errors: { message: string }[] }).errors[0]!.message).toContain('{ "all": true }')
    }
    const badGraphql = await app.api.graphql('mutation { markNotificationsRead { marked } }', {}, { token })
    expect(badGraphql.errors?.[0]?.message).toContain('{ "all": true }')
    expect((await app.api.get('/api/notifications/unread-count')).status).toBe(401)
    expect((await app.api.post('/api/notifications/read', { body: { all: true } })).status).toBe(401)
    expect((await app.api.graphql('{ unreadNotificationCount }')).errors?.[0]?.message).toMatch(/Log in/)
  })

  it('should keep notifications from everyone but their person, and let nobody write them', async () => {
    const [notice] = await noticesOf(arabic)
    // The school's admin, another school's admin, another student: none reads it.
    for (const other of [north.admin, south.admin, north.student]) {
      expect((await app.api.get(`/api/notifications/${notice!.id}`, { token: await tokenOf(other) })).status, other.email).toBe(404)
      expect((await listed(other)).some((n) => n.person === arabic.id)).toBe(false)
      expect((await app.api.delete(`/api/notifications/${notice!.id}`, { token: await tokenOf(other) })).status).not.toBe(200)
    }
    expect((await app.api.get(`/api/notifications/${notice!.id}`)).status).toBe(403)
    // Nobody writes them, their person included: not its words, not its state, not a new one.
    const token = await tokenOf(arabic)
    expect((await app.api.patch(`/api/notifications/${notice!.id}`, { token, body: { title: 'Changed', readAt: null } })).status).toBe(403)
    expect((await app.api.post('/api/notifications', { token, body: { person: arabic.id, kind: 'tutor-flag', category: 'teaching', title: 'Forged', locale: 'en', event: 1 } })).status).toBe(403)
    expect((await noticesOf(arabic)).find((n) => n.id === notice!.id)?.title).toBe(notice!.title)
    // Their person dismisses it.
    expect((await app.api.delete(`/api/notifications/${notice!.id}`, { token })).status).toBe(200)
    expect((await noticesOf(arabic)).some((n) => n.id === notice!.id)).toBe(false)
  })

  it('should remind once of work due within a day, and only those who have not done it', async () => {
    const { announceDueWork } = await import('@/domain/notifications/reminders')
    const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString()
    const assignment = await app.payload.create({
      collection: 'assignments',
      data: { course: course.id, title: 'Essay on halves', dueAt: hours(20), maxPoints: 10, maxAttempts: 1, latePolicy: 'penalty', latePenaltyPercentPerDay: 10, submissionType: 'text', _status: 'published' } as never,
      overrideAccess: true,
    })
    const quiz = await app.payload.create({
      collection: 'quizzes',
      data: { course: course.id, title: 'Quarters check', closesAt: hours(10), questions: [{ type: 'true-false', prompt: 'Four quarters make a whole.', points: 1, statementIsTrue: true }], _status: 'published' } as never,
      overrideAccess: true,
    })
    // north.student has handed the essay in; the other student has taken the quiz.
    expect((await app.api.post(`/api/assignments/${assignment.id}/submit`, { token: await tokenOf(north.student), body: { text: 'Two halves make a whole.' } })).status).toBe(201)
    const attempt = await app.api.post(`/api/quizzes/${quiz.id}/attempts`, { token: await tokenOf(north.otherStudent) })
    const attemptId = ((await attempt.json()) as { attempt: { id: number } }).attempt.id
    expect((await app.api.post(`/api/quiz-attempts/${attemptId}/submit`, { token: await tokenOf(north.otherStudent), body: { answers: {} } })).status).toBe(201)

    // Two workers at the same moment, and the job again: each is announced once.
    const req = async () => createLocalReq({}, app.payload)
    await Promise.all([announceDueWork(await req()), announceDueWork(await req())])
    await announceDueWork(await req())
    const announced = async (type: string, subject: number) =>
      (await app.payload.find({ collection: 'domain-events', where: { type: { equals: type }, subjectId: { equals: String(subject) } }, depth: 0, overrideAccess: true })).docs
    expect(await announced('assignment.due-soon', assignment.id)).toHaveLength(1)
    expect(await announced('quiz.closing-soon', quiz.id)).toHaveLength(1)
    await dispatch()
    const reminded = async (kind: string) =>
      (await app.payload.find({ collection: 'notifications', where: { kind: { equals: kind }, link: { contains: kind === 'quiz-closing-soon' ? `/quizzes/${quiz.id}?` : `/learn/courses/${course.slug}?` }, title: { contains: kind === 'quiz-closing-soon' ? 'Quarters' : 'halves' } }, pagination: false, depth: 0, overrideAccess: true })).docs.map((n) => n.person).sort()
    expect(await reminded('assignment-due-soon')).toEqual([arabic.id, north.otherStudent.id].sort())
    expect(await reminded('quiz-closing-soon')).toEqual([arabic.id, north.student.id].sort())
    const [inArabic] = await noticesOf(arabic, 'assignment-due-soon')
    expect(inArabic).toMatchObject({ title: 'موعد التسليم قريب: Essay on halves', category: 'reminders' })

    // Moved later (still within the day): announced again, for the new date.
    await app.payload.update({ collection: 'assignments', id: assignment.id, data: { dueAt: hours(22) } as never, overrideAccess: true })
    await announceDueWork(await req())
    expect(await announced('assignment.due-soon', assignment.id)).toHaveLength(2)
  })
})
