import type { Course } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse, lesson, lessonIds } from '../helpers/courses'
import { createPerson, createSchool, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
let adminToken: string
let instructorToken: string
const id = uniq()

type ErrorBody = { errors: { message: string; data?: { errors?: { path: string; message: string }[] } }[] }
const errorPaths = async (response: Response) =>
  ((await response.json()) as ErrorBody).errors.flatMap((e) => e.data?.errors?.map((f) => f.path) ?? [])

const postCourse = (body: Record<string, unknown>, token = adminToken) =>
  app.api.post('/api/courses', {
    token,
    body: { tenant: north.tenant.id, title: 'A course', slug: `c-${uniq()}`, language: 'en', _status: 'published', ...body },
  })

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `crs-n-${id}`)
  south = await createSchool(app.payload, `crs-s-${id}`)
  adminToken = await app.api.login(north.admin.email, north.admin.password)
  instructorToken = await app.api.login(north.instructor.email, north.instructor.password)
})

afterAll(() => app.close())

describe('course records', () => {
  it('should keep title, summary and description per locale', async () => {
    const created = await postCourse({ title: 'Introduction to programming', summary: 'Learn to code', slug: `prog-${id}` })
    expect(created.status).toBe(201)
    const course = ((await created.json()) as { doc: Course }).doc
    const ar = await app.api.patch(`/api/courses/${course.id}?locale=ar`, {
      token: adminToken,
      body: { title: 'مقدمة في البرمجة', summary: 'تعلم البرمجة' },
    })
    expect(ar.status).toBe(200)
    const read = async (locale: string) =>
      (await (await app.api.get(`/api/courses/${course.id}?locale=${locale}&depth=0`, { token: adminToken })).json()) as Course
    expect((await read('ar')).title).toBe('مقدمة في البرمجة')
    expect((await read('en')).title).toBe('Introduction to programming')
  })

  it('should accept only instructors of the same school as instructors', async () => {
    expect((await postCourse({ instructors: [north.instructor.id] })).status).toBe(201)
    const southInstructor = await postCourse({ instructors: [south.instructor.id] })
    expect(southInstructor.status).toBe(400)
    expect(await errorPaths(southInstructor)).toContain('instructors')
    expect((await postCourse({ instructors: [north.student.id] })).status).toBe(400)
    const suspended = await createPerson(app.payload, {
      email: `susp-${id}@example.com`,
      tenants: [{ tenant: north.tenant.id, roles: ['instructor'], suspended: true }],
    })
    expect((await postCourse({ instructors: [suspended.id] })).status).toBe(400)
  })

  it('should make the instructor who creates a course one of its teachers', async () => {
    const created = await postCourse({}, instructorToken)
    expect(created.status).toBe(201)
    expect(((await created.json()) as { doc: Course }).doc.instructors?.map((i) => (typeof i === 'number' ? i : i.id))).toEqual([
      north.instructor.id,
    ])
  })

  it('should refuse inconsistent prices, currencies, dates and relations', async () => {
    expect(await errorPaths(await postCourse({ enrollmentPolicy: 'paid' }))).toContain('price.amount')
    expect(await errorPaths(await postCourse({ price: { amount: 1000, currency: 'USD' } }))).toContain('enrollmentPolicy')
    expect(await errorPaths(await postCourse({ enrollmentPolicy: 'paid', price: { amount: 1000, currency: 'XYZ' } }))).toContain(
      'price.currency',
    )
    expect((await postCourse({ enrollmentPolicy: 'paid', price: { amount: 1000, currency: 'usd' } })).status).toBe(201)
    expect(await errorPaths(await postCourse({ startsAt: '2027-02-01', endsAt: '2027-01-01' }))).toContain('endsAt')
    expect(await errorPaths(await postCourse({ enrollmentOpensAt: '2027-02-01', enrollmentClosesAt: '2027-01-01' }))).toContain(
      'enrollmentClosesAt',
    )
    const foreignCategory = await app.payload.create({
      collection: 'categories',
      data: { tenant: south.tenant.id, name: 'Theirs', slug: `theirs-${id}` },
      overrideAccess: true,
    })
    expect(await errorPaths(await postCourse({ category: foreignCategory.id }))).toContain('category')
    const foreignCourse = await createCourse(app.payload, south.tenant.id)
    expect(await errorPaths(await postCourse({ prerequisites: [foreignCourse.id] }))).toContain('prerequisites')
    expect((await postCourse({ capacity: 0 })).status).toBe(400)
    expect((await postCourse({ sections: [{ title: 'S', lessons: [lesson('L', { type: 'video', videoUrl: 'javascript:alert(1)' })] }] })).status).toBe(400)
  })

  it('should refuse unknown fields and wrong types, writing nothing', async () => {
    const before = (await app.payload.count({ collection: 'courses', overrideAccess: true })).totalDocs
    const unknown = await postCourse({ slug: `bad-${id}`, difficulty: 'hard' })
    expect(unknown.status).toBe(400)
    expect(await errorPaths(unknown)).toContain('difficulty')
    expect(await errorPaths(await postCourse({ capacity: 'many' }))).toContain('capacity')
    expect(await errorPaths(await postCourse({ sections: [{ title: 'S', lessons: [{ title: 'L', colour: 'red' }] }] }))).toEqual([
      'sections.0.lessons.0.colour',
    ])
    expect((await app.payload.count({ collection: 'courses', overrideAccess: true })).totalDocs).toBe(before)
    const enrollment = await app.api.post('/api/enrollments', { token: adminToken, body: { user: north.student.id, course: 'abc' } })
    expect(enrollment.status).toBe(400)
  })

  it('should keep slugs unique per school', async () => {
    expect((await postCourse({ slug: `same-${id}` })).status).toBe(201)
    expect((await postCourse({ slug: `same-${id}` })).status).toBe(400)
    const southToken = await app.api.login(south.admin.email, south.admin.password)
    expect((await postCourse({ slug: `same-${id}`, tenant: south.tenant.id }, southToken)).status).toBe(201)
  })

  it('should let instructors edit only the courses they teach, and students none', async () => {
    const theirs = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
    const notTheirs = await createCourse(app.payload, north.tenant.id)
    expect((await app.api.patch(`/api/courses/${theirs.id}`, { token: instructorToken, body: { estimatedHours: 3 } })).status).toBe(200)
    expect((await app.api.patch(`/api/courses/${notTheirs.id}`, { token: instructorToken, body: { estimatedHours: 3 } })).status).toBe(403)
    expect((await app.api.delete(`/api/courses/${theirs.id}`, { token: instructorToken })).status).toBe(403)
    const studentToken = await app.api.login(north.student.email, north.student.password)
    expect((await postCourse({}, studentToken)).status).toBe(403)
    const southToken = await app.api.login(south.admin.email, south.admin.password)
    expect((await app.api.patch(`/api/courses/${theirs.id}`, { token: southToken, body: { estimatedHours: 3 } })).status).toBe(403)
  })
})

describe('who sees what of a course', () => {
  let published: Course
  let draft: Course
  let archived: Course

  beforeAll(async () => {
    published = await createCourse(app.payload, north.tenant.id, {
      sections: [{ title: 'Week 1', lessons: [lesson('Open lesson'), lesson('Later lesson', { releaseAfterDays: 7 })] }],
    })
    draft = await createCourse(app.payload, north.tenant.id, { draft: true })
    archived = await createCourse(app.payload, north.tenant.id, { archived: true })
  })

  const visitorSees = async (courseId: number, token?: string) =>
    app.api.get(`/api/courses/${courseId}?depth=0`, { tenant: north.tenant.slug, token })

  it('should show visitors published courses with their outline but no lesson content', async () => {
    const response = await visitorSees(published.id)
    expect(response.status).toBe(200)
    const course = (await response.json()) as Course
    const lessons = course.sections?.[0]?.lessons ?? []
    expect(lessons.map((l) => l.title)).toEqual(['Open lesson', 'Later lesson'])
    expect(lessons[0]).not.toHaveProperty('body')
    expect(lessons[1]?.releaseAfterDays).toBe(7)
  })

  it("should hide drafts and archived courses from visitors, students and other courses' instructors, not from their editors", async () => {
    const studentToken = await app.api.login(north.student.email, north.student.password)
    const colleague = await createPerson(app.payload, { email: `hidden-${id}@example.com`, tenants: [{ tenant: north.tenant.id, roles: ['instructor'] }] })
    const colleagueToken = await app.api.login(colleague.email, colleague.password)
    for (const hidden of [draft, archived]) {
      expect((await visitorSees(hidden.id)).status).toBe(404)
      expect((await visitorSees(hidden.id, studentToken)).status).toBe(404)
      expect((await visitorSees(hidden.id, colleagueToken)).status).toBe(404)
      expect((await visitorSees(hidden.id, adminToken)).status).toBe(200)
    }
    const list = (await (await app.api.get('/api/courses?limit=200&depth=0', { tenant: north.tenant.slug })).json()) as { docs: Course[] }
    const ids = list.docs.map((d) => d.id)
    expect(ids).toContain(published.id)
    expect(ids).not.toContain(draft.id)
    expect(ids).not.toContain(archived.id)
    expect(list.docs.every((d) => d.tenant === north.tenant.id)).toBe(true)
  })

  it('should keep a pending draft of a published course from students', async () => {
    await app.payload.update({ collection: 'courses', id: published.id, data: { title: 'Unannounced new title' }, draft: true, overrideAccess: true })
    const studentToken = await app.api.login(north.student.email, north.student.password)
    const asStudent = await app.api.get(`/api/courses/${published.id}?draft=true&depth=0`, { token: studentToken })
    expect(asStudent.status).toBe(200)
    // The published title, not the draft's.
    expect(((await asStudent.json()) as Course).title).toBe(published.title)
    const asStaff = (await (await app.api.get(`/api/courses/${published.id}?draft=true&depth=0`, { token: adminToken })).json()) as Course
    expect(asStaff.title).toBe('Unannounced new title')
    expect((await app.api.get(`/api/courses/versions?depth=0`, { token: studentToken })).status).toBe(403)
    expect((await app.api.get(`/api/courses/versions?depth=0`, { tenant: north.tenant.slug })).status).toBe(403)
    // Another school's admin lists their own school's versions, and none of north's.
    const southern = await createCourse(app.payload, south.tenant.id)
    const southToken = await app.api.login(south.admin.email, south.admin.password)
    const southResponse = await app.api.get(`/api/courses/versions?depth=0&limit=100&where[parent][in]=${southern.id},${published.id}`, { token: southToken })
    expect(southResponse.status).toBe(200)
    const southParents = ((await southResponse.json()) as { docs: { parent: number }[] }).docs.map((v) => v.parent)
    expect(southParents).toContain(southern.id)
    expect(southParents).not.toContain(published.id)
    // Nor does an instructor of the school who does not teach it.
    const colleague = await createPerson(app.payload, { email: `colleague-${id}@example.com`, tenants: [{ tenant: north.tenant.id, roles: ['instructor'] }] })
    const colleagueToken = await app.api.login(colleague.email, colleague.password)
    const own = await app.api.post('/api/courses', { token: colleagueToken, body: { tenant: north.tenant.id, title: 'Mine', slug: `mine-${id}`, language: 'en', _status: 'draft' } })
    expect(own.status).toBe(201)
    const colleagueResponse = await app.api.get(`/api/courses/versions?depth=0&limit=100`, { token: colleagueToken })
    expect(colleagueResponse.status).toBe(200)
    const colleagueParents = ((await colleagueResponse.json()) as { docs: { parent: number }[] }).docs.map((v) => v.parent)
    expect(colleagueParents).toContain(((await own.json()) as { doc: Course }).doc.id)
    expect(colleagueParents).not.toContain(published.id)
    expect(((await (await app.api.get(`/api/courses/${published.id}?draft=true&depth=0`, { token: colleagueToken })).json()) as Course).title).toBe(published.title)
  })

  it('should show visitors nothing of another school', async () => {
    expect((await app.api.get(`/api/courses/${published.id}?depth=0`, { tenant: south.tenant.slug })).status).toBe(404)
    expect((await app.api.get(`/api/courses/${published.id}?depth=0`)).status).toBe(403)
  })

  it('should give lesson content to active students once released, and to staff', async () => {
    const [open, later] = lessonIds(published)
    const student = north.otherStudent
    const token = await app.api.login(student.email, student.password)
    const lessonsSeen = async (t: string) =>
      ((await (await app.api.get(`/api/courses/${published.id}?depth=0`, { token: t })).json()) as Course).sections?.[0]?.lessons ?? []
    expect((await lessonsSeen(token))[0]).not.toHaveProperty('body')

    const enrollment = await app.payload.create({
      collection: 'enrollments',
      data: { user: student.id, course: published.id, status: 'active', source: 'staff' },
      overrideAccess: true,
    })
    const seen = await lessonsSeen(token)
    expect(seen.find((l) => l.id === open)?.body).toBeTruthy()
    expect(seen.find((l) => l.id === later)).not.toHaveProperty('body')

    // Eight days later (activation moved back), the dripped lesson opens.
    await app.payload.update({
      collection: 'enrollments',
      id: enrollment.id,
      data: { activatedAt: new Date(Date.now() - 8 * 86_400_000).toISOString() },
      overrideAccess: true,
    })
    expect((await lessonsSeen(token)).find((l) => l.id === later)?.body).toBeTruthy()

    const staffSeen = await lessonsSeen(instructorToken)
    expect(staffSeen.map((l) => l.id)).toEqual([open, later])
    expect(staffSeen.every((l) => l.body)).toBe(true)

    await app.payload.update({ collection: 'enrollments', id: enrollment.id, data: { status: 'cancelled' }, overrideAccess: true })
    expect((await lessonsSeen(token))[0]).not.toHaveProperty('body')
  })
})
