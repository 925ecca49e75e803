import type { Course, Enrollment } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse, lesson, lessonIds } from '../helpers/courses'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
const id = uniq()

const tokenOf = (person: Persona): Promise<string> => app.api.tokenOf(person)

const newStudent = (school: School, label = 'learner') =>
  createPerson(app.payload, { email: `${label}-${uniq()}@${school.tenant.slug}.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })

const enroll = async (courseId: number, person: Persona) => app.api.post(`/api/courses/${courseId}/enroll`, { token: await tokenOf(person) })

const messageOf = async (response: Response) => ((await response.json()) as { errors: { message: string }[] }).errors[0]?.message

const enrollmentOf = async (courseId: number, person: Persona): Promise<Enrollment | undefined> =>
  (
    await app.payload.find({
      collection: 'enrollments',
      where: { and: [{ user: { equals: person.id } }, { course: { equals: courseId } }] },
      overrideAccess: true,
      depth: 0,
    })
  ).docs[0]

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `enr-n-${id}`)
  south = await createSchool(app.payload, `enr-s-${id}`)
})

afterAll(() => app.close())

describe('self-enrollment follows the course policy', () => {
  it('should enroll at once in an open course, and only once', async () => {
    const course = await createCourse(app.payload, north.tenant.id)
    const first = await enroll(course.id, north.student)
    expect(first.status).toBe(201)
    const doc = ((await first.json()) as { doc: Enrollment }).doc
    expect(doc).toMatchObject({ status: 'active', source: 'self' })
    expect(doc.activatedAt).toBeTruthy()
    const again = await enroll(course.id, north.student)
    expect(again.status).toBe(409)
    expect(await app.payload.count({ collection: 'enrollments', where: { course: { equals: course.id } }, overrideAccess: true })).toMatchObject({
      totalDocs: 1,
    })
  })

  it('should hold approval courses as pending until staff decide', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { enrollmentPolicy: 'approval', instructors: [north.instructor.id] })
    const requested = await enroll(course.id, north.student)
    expect(requested.status).toBe(201)
    const pending = ((await requested.json()) as { doc: Enrollment }).doc
    expect(pending.status).toBe('pending')

    // Nobody but staff decides; a student cannot approve their own request.
    expect((await app.api.post(`/api/enrollments/${pending.id}/approve`, { token: await tokenOf(north.student) })).status).toBe(403)
    expect((await app.api.post(`/api/enrollments/${pending.id}/approve`, { token: await tokenOf(south.admin) })).status).toBe(404)
    expect((await app.api.post(`/api/enrollments/${pending.id}/approve`)).status).toBe(401)
    const approved = await app.api.post(`/api/enrollments/${pending.id}/approve`, { token: await tokenOf(north.instructor) })
    expect(approved.status).toBe(200)
    expect(((await approved.json()) as { doc: Enrollment }).doc).toMatchObject({ status: 'active', decidedBy: north.instructor.id })
    expect((await app.api.post(`/api/enrollments/${pending.id}/approve`, { token: await tokenOf(north.admin) })).status).toBe(409)

    const other = await enroll(course.id, north.otherStudent)
    const otherId = ((await other.json()) as { doc: Enrollment }).doc.id
    const rejected = await app.api.post(`/api/enrollments/${otherId}/reject`, { token: await tokenOf(north.admin), body: { note: 'Prerequisite knowledge missing' } })
    expect(rejected.status).toBe(200)
    expect(((await rejected.json()) as { doc: Enrollment }).doc).toMatchObject({ status: 'cancelled', note: 'Prerequisite knowledge missing' })
  })

  it('should refuse invite-only, paid, archived, unpublished and closed courses with a reason', async () => {
    const cases: [Partial<Course> & { draft?: boolean }, number, RegExp][] = [
      [{ enrollmentPolicy: 'invite-only' }, 403, /invitation/],
      [{ enrollmentPolicy: 'paid', price: { amount: 5000, currency: 'USD' } }, 402, /Payment is required/],
      [{ archived: true }, 404, /./],
      [{ draft: true }, 404, /./],
      [{ enrollmentOpensAt: new Date(Date.now() + 86_400_000).toISOString() }, 403, /opens on/],
      [{ enrollmentClosesAt: new Date(Date.now() - 86_400_000).toISOString() }, 403, /closed on/],
      [{ startsAt: new Date(Date.now() - 9 * 86_400_000).toISOString(), endsAt: new Date(Date.now() - 86_400_000).toISOString() }, 403, /ended/],
    ]
    for (const [data, status, reason] of cases) {
      const course = await createCourse(app.payload, north.tenant.id, data)
      const response = await enroll(course.id, north.student)
      expect(response.status, JSON.stringify(data)).toBe(status)
      expect(await messageOf(response)).toMatch(reason)
      expect(await enrollmentOf(course.id, north.student)).toBeUndefined()
    }
  })

  it('should refuse archived courses to staff members enrolling themselves too', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { archived: true, instructors: [north.instructor.id] })
    const response = await enroll(course.id, north.instructor)
    expect(response.status).toBe(403)
    expect(await messageOf(response)).toMatch(/archived/)
  })

  it('should refuse anonymous people and members of other schools', async () => {
    const course = await createCourse(app.payload, north.tenant.id)
    expect((await app.api.post(`/api/courses/${course.id}/enroll`, { tenant: north.tenant.slug })).status).toBe(401)
    // Signed in elsewhere, the course does not exist for them, even on north's own address.
    expect((await enroll(course.id, south.student)).status).toBe(404)
    const visiting = await app.api.post(`/api/courses/${course.id}/enroll`, { token: await tokenOf(south.student), tenant: north.tenant.slug })
    expect(visiting.status).toBe(404)
    expect(await enrollmentOf(course.id, south.student)).toBeUndefined()
    expect((await app.api.post('/api/courses/999999999/enroll', { token: await tokenOf(north.student) })).status).toBe(404)
    expect((await app.api.post('/api/courses/abc/enroll', { token: await tokenOf(north.student) })).status).toBe(404)
  })

  it('should require the prerequisite courses to be completed', async () => {
    const basics = await createCourse(app.payload, north.tenant.id, { sections: [{ title: 'Only', lessons: [lesson('One')] }] })
    const advanced = await createCourse(app.payload, north.tenant.id, { prerequisites: [basics.id] })
    const student = await newStudent(north)
    const refused = await enroll(advanced.id, student)
    expect(refused.status).toBe(403)
    expect(await messageOf(refused)).toMatch(/prerequisite/)
    await enroll(basics.id, student)
    const done = await app.api.post(`/api/courses/${basics.id}/lessons/${lessonIds(basics)[0]}/complete`, { token: await tokenOf(student) })
    expect(((await done.json()) as { status: string }).status).toBe('completed')
    expect((await enroll(advanced.id, student)).status).toBe(201)
  })

  it('should let a student cancel their own enrollment, and enroll again later', async () => {
    const course = await createCourse(app.payload, north.tenant.id)
    const student = await newStudent(north)
    const enrollmentId = ((await (await enroll(course.id, student)).json()) as { doc: Enrollment }).doc.id
    expect((await app.api.post(`/api/enrollments/${enrollmentId}/cancel`, { token: await tokenOf(north.otherStudent) })).status).toBe(404)
    const cancelled = await app.api.post(`/api/enrollments/${enrollmentId}/cancel`, { token: await tokenOf(student) })
    expect(cancelled.status).toBe(200)
    expect(((await cancelled.json()) as { doc: Enrollment }).doc.cancelledAt).toBeTruthy()
    const again = await enroll(course.id, student)
    expect(again.status).toBe(200)
    expect(((await again.json()) as { doc: Enrollment }).doc).toMatchObject({ id: enrollmentId, status: 'active', cancelledAt: null })
  })
})

describe('capacity', () => {
  it('should never fill more places than the capacity, however many ask at once', async () => {
    const capacity = 3
    const course = await createCourse(app.payload, north.tenant.id, { capacity })
    const students = await Promise.all(Array.from({ length: 12 }, () => newStudent(north, 'rush')))
    const studentTokens = await Promise.all(students.map(tokenOf))
    const answers = await Promise.all(studentTokens.map((token) => app.api.post(`/api/courses/${course.id}/enroll`, { token })))
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(capacity)
    expect(statuses.filter((s) => s === 409)).toHaveLength(students.length - capacity)
    const active = await app.payload.count({
      collection: 'enrollments',
      where: { and: [{ course: { equals: course.id } }, { status: { equals: 'active' } }] },
      overrideAccess: true,
    })
    expect(active.totalDocs).toBe(capacity)
    const full = answers.find((a) => a.status === 409)!
    expect(await messageOf(full)).toMatch(/full/)
  })

  it('should count capacity when staff approve or enroll too', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { capacity: 1, enrollmentPolicy: 'approval' })
    const [a, b] = [await newStudent(north), await newStudent(north)]
    const ids = await Promise.all(
      [a, b].map(async (s) => ((await (await enroll(course.id, s)).json()) as { doc: Enrollment }).doc.id),
    )
    const adminToken = await tokenOf(north.admin)
    expect((await app.api.post(`/api/enrollments/${ids[0]}/approve`, { token: adminToken })).status).toBe(200)
    expect((await app.api.post(`/api/enrollments/${ids[1]}/approve`, { token: adminToken })).status).toBe(409)
    const c = await newStudent(north)
    expect((await app.api.post('/api/enrollments', { token: adminToken, body: { user: c.id, course: course.id } })).status).toBe(409)
  })
})

describe('staff enrollment and who sees enrollments', () => {
  let course: Course
  let otherCourse: Course

  beforeAll(async () => {
    course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id], enrollmentPolicy: 'invite-only' })
    otherCourse = await createCourse(app.payload, north.tenant.id)
  })

  it('should let the school admin and the course instructor enroll members, nobody else', async () => {
    const student = await newStudent(north)
    const byInstructor = await app.api.post('/api/enrollments?depth=0', { token: await tokenOf(north.instructor), body: { user: student.id, course: course.id } })
    expect(byInstructor.status).toBe(201)
    const created = ((await byInstructor.json()) as { doc: Enrollment }).doc
    expect(created).toMatchObject({ status: 'active', source: 'staff', tenant: north.tenant.id })
    // Lists in the admin panel name the person and the course.
    expect(created.title).toBe(`${student.name} — ${course.title}`)

    const another = await newStudent(north)
    expect((await app.api.post('/api/enrollments', { token: await tokenOf(north.instructor), body: { user: another.id, course: otherCourse.id } })).status).toBe(403)
    expect((await app.api.post('/api/enrollments', { token: await tokenOf(north.student), body: { user: another.id, course: course.id } })).status).toBe(403)
    expect((await app.api.post('/api/enrollments', { token: await tokenOf(south.admin), body: { user: another.id, course: course.id } })).status).toBe(403)
    expect((await app.api.post('/api/enrollments', { body: { user: another.id, course: course.id } })).status).toBe(403)
    // Only members of the course's school can be enrolled, and nobody chooses the source or progress.
    const foreign = await app.api.post('/api/enrollments', { token: await tokenOf(north.admin), body: { user: south.student.id, course: course.id } })
    expect(foreign.status).toBe(400)
    const forged = await app.api.post('/api/enrollments?depth=0', {
      token: await tokenOf(north.admin),
      body: { user: another.id, course: course.id, source: 'payment', progress: 100 },
    })
    expect(((await forged.json()) as { doc: Enrollment }).doc).toMatchObject({ source: 'staff', progress: 0 })
  })

  it('should refuse to complete an enrollment by hand or move it to another course', async () => {
    const student = await newStudent(north)
    const doc = await app.payload.create({ collection: 'enrollments', data: { user: student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
    const adminToken = await tokenOf(north.admin)
    expect((await app.api.patch(`/api/enrollments/${doc.id}`, { token: adminToken, body: { status: 'completed' } })).status).toBe(400)
    expect((await app.api.patch(`/api/enrollments/${doc.id}`, { token: adminToken, body: { course: otherCourse.id } })).status).toBe(400)
    expect((await app.api.patch(`/api/enrollments/${doc.id}`, { token: adminToken, body: { status: 'cancelled' } })).status).toBe(200)
  })

  it('should show students their own enrollments, instructors their courses\' and admins their school\'s', async () => {
    const listed = async (person: Persona) => {
      const response = await app.api.get('/api/enrollments?limit=500&depth=0', { token: await tokenOf(person) })
      expect(response.status, person.email).toBe(200)
      return ((await response.json()) as { docs: Enrollment[] }).docs
    }
    const mine = await listed(north.student)
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.every((e) => e.user === north.student.id)).toBe(true)
    const taught = await listed(north.instructor)
    const teaches = (
      await app.payload.find({ collection: 'courses', where: { instructors: { contains: north.instructor.id } }, pagination: false, depth: 0, overrideAccess: true })
    ).docs.map((c) => c.id)
    expect(taught.length).toBeGreaterThan(0)
    expect(taught.some((e) => e.course === course.id)).toBe(true)
    expect(taught.every((e) => teaches.includes(e.course as number) || e.user === north.instructor.id)).toBe(true)
    const school = await listed(north.admin)
    expect(school.every((e) => e.tenant === north.tenant.id)).toBe(true)
    expect(school.some((e) => e.course === otherCourse.id || e.course !== course.id)).toBe(true)
    expect(school.some((e) => e.course === course.id)).toBe(true)
    // Another school's admin lists their own school's enrollments, and none of north's.
    const southern = await app.payload.create({
      collection: 'enrollments',
      data: { user: south.student.id, course: (await createCourse(app.payload, south.tenant.id)).id, status: 'active', source: 'staff' },
      overrideAccess: true,
    })
    const southView = await listed(south.admin)
    expect(southView.map((e) => e.id)).toContain(southern.id)
    expect(southView.filter((e) => e.tenant !== south.tenant.id)).toEqual([])
    expect((await app.api.get('/api/enrollments', { tenant: north.tenant.slug })).status).toBe(403)
  })
})

describe('progress', () => {
  it('should record released lessons once and complete the enrollment at the last required one', async () => {
    const course = await createCourse(app.payload, north.tenant.id, {
      sections: [
        { title: 'One', lessons: [lesson('A'), lesson('B'), lesson('Extra', { required: false })] },
        { title: 'Two', lessons: [lesson('Dripped', { releaseAfterDays: 3 })] },
      ],
    })
    const [a, b, extra, dripped] = lessonIds(course)
    const student = await newStudent(north)
    const token = await tokenOf(student)
    const complete = (lessonId: string, t = token) => app.api.post(`/api/courses/${course.id}/lessons/${lessonId}/complete`, { token: t })

    expect((await complete(a!)).status).toBe(403)
    await enroll(course.id, student)
    const first = (await (await complete(a!)).json()) as { progress: number; status: string }
    expect(first).toMatchObject({ progress: 33, status: 'active' })
    expect(((await (await complete(a!)).json()) as { progress: number }).progress).toBe(33)
    expect(((await (await complete(extra!)).json()) as { progress: number }).progress).toBe(33)
    const early = await complete(dripped!)
    expect(early.status).toBe(403)
    expect(await messageOf(early)).toMatch(/opens on/)
    expect((await complete('no-such-lesson')).status).toBe(404)
    expect((await complete(b!, await tokenOf(north.otherStudent))).status).toBe(403)

    const enrollment = (await enrollmentOf(course.id, student))!
    await app.payload.update({ collection: 'enrollments', id: enrollment.id, data: { activatedAt: new Date(Date.now() - 4 * 86_400_000).toISOString() }, overrideAccess: true })
    // Both remaining lessons at once: neither completion may be lost.
    const [x, y] = await Promise.all([complete(b!), complete(dripped!)])
    expect([x.status, y.status]).toEqual([200, 200])
    const finished = (await enrollmentOf(course.id, student))!
    expect(finished).toMatchObject({ status: 'completed', progress: 100 })
    expect(finished.completedAt).toBeTruthy()
    expect((finished.completedLessons as { lesson: string }[]).map((c) => c.lesson).sort()).toEqual([a, b, extra, dripped].sort())

    const later = (await (await complete(a!)).json()) as { completedAt: string }
    expect(later.completedAt).toBe(finished.completedAt)
  })

  it('should let only the student and the course staff read the progress', async () => {
    const course = await createCourse(app.payload, north.tenant.id)
    const student = await newStudent(north)
    await enroll(course.id, student)
    const enrollment = (await enrollmentOf(course.id, student))!
    expect((await app.api.get(`/api/enrollments/${enrollment.id}`, { token: await tokenOf(student) })).status).toBe(200)
    expect((await app.api.get(`/api/enrollments/${enrollment.id}`, { token: await tokenOf(north.otherStudent) })).status).toBe(404)
    expect((await app.api.get(`/api/enrollments/${enrollment.id}`, { token: await tokenOf(north.instructor) })).status).toBe(404)
    expect((await app.api.get(`/api/enrollments/${enrollment.id}`, { token: await tokenOf(north.admin) })).status).toBe(200)
    expect((await app.api.get(`/api/enrollments/${enrollment.id}`, { token: await tokenOf(south.admin) })).status).toBe(404)
  })
})

describe('expiry', () => {
  it('should expire active and pending enrollments of ended courses, once, and leave completed ones', async () => {
    const ended = await createCourse(app.payload, north.tenant.id, {
      startsAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() - 86_400_000).toISOString(),
    })
    const running = await createCourse(app.payload, north.tenant.id, { endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })
    const [a, b, c] = [await newStudent(north), await newStudent(north), await newStudent(north)]
    const enrol = (user: number, course: number, status: 'active' | 'pending') =>
      app.payload.create({ collection: 'enrollments', data: { user, course, status, source: 'staff' }, overrideAccess: true })
    const active = await enrol(a.id, ended.id, 'active')
    const pending = await enrol(b.id, ended.id, 'pending')
    const finished = await enrol(c.id, ended.id, 'active')
    await app.payload.update({
      collection: 'enrollments',
      id: finished.id,
      data: { status: 'completed' },
      context: { enrollmentActor: 'system' },
      overrideAccess: true,
    })
    const ongoing = await enrol(a.id, running.id, 'active')

    const run = async () => {
      await app.payload.jobs.queue({ task: 'expireEnrollments', input: {}, queue: 'maintenance' })
      await app.payload.jobs.run({ queue: 'maintenance' })
    }
    await run()
    const statusOf = async (id: number) => (await app.payload.findByID({ collection: 'enrollments', id, overrideAccess: true, depth: 0 })).status
    expect(await statusOf(active.id)).toBe('expired')
    expect(await statusOf(pending.id)).toBe('expired')
    expect(await statusOf(finished.id)).toBe('completed')
    expect(await statusOf(ongoing.id)).toBe('active')

    const entries = async () =>
      (await app.payload.count({ collection: 'audit-logs', where: { and: [{ collection: { equals: 'enrollments' } }, { documentId: { equals: String(active.id) } }] }, overrideAccess: true })).totalDocs
    const audited = await entries()
    await run()
    expect(await entries()).toBe(audited)
    // Nobody expires an enrollment by hand.
    const adminToken = await tokenOf(north.admin)
    expect((await app.api.patch(`/api/enrollments/${ongoing.id}`, { token: adminToken, body: { status: 'expired' } })).status).toBe(400)
  })
})

describe('double submission', () => {
  it('should create one enrollment when the same person enrolls twice at once', async () => {
    const course = await createCourse(app.payload, north.tenant.id)
    const student = await newStudent(north)
    const token = await tokenOf(student)
    const answers = await Promise.all(Array.from({ length: 5 }, () => app.api.post(`/api/courses/${course.id}/enroll`, { token })))
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409])
    expect((await app.payload.count({ collection: 'enrollments', where: { course: { equals: course.id } }, overrideAccess: true })).totalDocs).toBe(1)
  })
})
