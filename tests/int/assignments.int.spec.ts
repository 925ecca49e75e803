import type { Assignment, Submission } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import { FORBIDDEN_MESSAGE } from '../helpers/api'
import { expectForbidden } from '../helpers/graphql'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
const id = uniq()
const DAY = 86_400_000

const tokenOf = (person: Persona): Promise<string> => app.api.tokenOf(person)

type ErrorBody = { errors: { message: string; data?: { errors?: { path: string }[] } }[] }
const paths = async (response: Response) => ((await response.json()) as ErrorBody).errors.flatMap((e) => e.data?.errors?.map((f) => f.path) ?? [])
const messageOf = async (response: Response) => ((await response.json()) as ErrorBody).errors[0]?.message

const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString()

let courseId: number
let otherCourseId: number

const assignmentData = (extra: Partial<Assignment> = {}) => ({
  course: courseId,
  title: `Essay ${uniq()}`,
  dueAt: iso(7),
  maxPoints: 20,
  maxAttempts: 2,
  latePolicy: 'cutoff' as const,
  cutoffAt: iso(9),
  submissionType: 'text' as const,
  _status: 'published' as const,
  ...extra,
})

const makeAssignment = (extra: Partial<Assignment> = {}) =>
  app.payload.create({ collection: 'assignments', data: assignmentData(extra) as never, overrideAccess: true }) as Promise<Assignment>

const handIn = async (assignment: number, person: Persona, text = 'My answer') =>
  app.api.post(`/api/assignments/${assignment}/submit`, { token: await tokenOf(person), body: { text } })

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `asg-n-${id}`)
  south = await createSchool(app.payload, `asg-s-${id}`)
  courseId = (await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })).id
  otherCourseId = (await createCourse(app.payload, north.tenant.id)).id
  for (const student of [north.student]) {
    await app.payload.create({ collection: 'enrollments', data: { user: student.id, course: courseId, status: 'active', source: 'staff' }, overrideAccess: true })
  }
})

afterAll(() => app.close())

describe('assignments', () => {
  it('should let the course instructor and the school admin create them, nobody else', async () => {
    const post = async (person: Persona, course = courseId) =>
      app.api.post('/api/assignments?depth=0', { token: await tokenOf(person), body: { ...assignmentData(), course } })
    expect((await post(north.instructor)).status).toBe(201)
    expect((await post(north.admin, otherCourseId)).status).toBe(201)
    expect((await post(north.instructor, otherCourseId)).status).toBe(403)
    expect((await post(north.student)).status).toBe(403)
    // Another school's course answers as a missing one would: the course field is wrong, not the person.
    expect((await post(south.admin)).status).toBe(400)
    const created = ((await (await post(north.instructor)).json()) as { doc: Assignment }).doc
    expect(created.tenant).toBe(north.tenant.id)
  })

  it('should refuse dates, policies, rubrics and lessons that do not fit together', async () => {
    const post = async (extra: Record<string, unknown>) =>
      app.api.post('/api/assignments', { token: await tokenOf(north.instructor), body: { ...assignmentData(), ...extra } })
    expect(await paths(await post({ opensAt: iso(8) }))).toContain('dueAt')
    expect(await paths(await post({ cutoffAt: iso(6) }))).toContain('cutoffAt')
    expect(await paths(await post({ latePolicy: 'cutoff', cutoffAt: null }))).toContain('cutoffAt')
    expect(await paths(await post({ latePolicy: 'penalty', latePenaltyPercentPerDay: null, cutoffAt: null }))).toContain('latePenaltyPercentPerDay')
    expect(await paths(await post({ passMark: 21 }))).toContain('passMark')
    expect(await paths(await post({ submissionType: 'file' }))).toContain('allowedFileTypes')
    expect(await paths(await post({ lesson: 'not-a-lesson' }))).toContain('lesson')
    const rubric = (points: number[]) => points.map((top, i) => ({ criterion: `C${i}`, levels: [{ label: 'none', points: 0 }, { label: 'full', points: top }] }))
    expect(await paths(await post({ rubric: rubric([10, 5]) }))).toContain('rubric')
    expect((await post({ rubric: rubric([10, 10]) })).status).toBe(201)
  })

  it('should show students the published assignments of their own courses only', async () => {
    const published = await makeAssignment()
    const draft = await makeAssignment({ _status: 'draft' })
    const elsewhere = await makeAssignment({ course: otherCourseId })
    const southern = await makeAssignment({ course: (await createCourse(app.payload, south.tenant.id)).id })
    const list = async (person: Persona) => {
      const response = await app.api.get('/api/assignments?limit=200&depth=0', { token: await tokenOf(person) })
      return { status: response.status, ids: response.status === 200 ? ((await response.json()) as { docs: Assignment[] }).docs.map((d) => d.id) : [] }
    }
    const seen = await list(north.student)
    expect(seen.status).toBe(200)
    expect(seen.ids).toContain(published.id)
    expect(seen.ids).not.toContain(draft.id)
    expect(seen.ids).not.toContain(elsewhere.id)
    // Learning nothing and teaching nothing, a student of the school is refused the list outright.
    expect(await list(north.otherStudent)).toEqual({ status: 403, ids: [] })
    // Another school's admin lists their own school's assignments, and none of north's.
    const southView = await list(south.admin)
    expect(southView.status).toBe(200)
    expect(southView.ids).toContain(southern.id)
    expect(southView.ids.filter((assignment) => [published.id, draft.id, elsewhere.id].includes(assignment))).toEqual([])
    expect((await app.api.get(`/api/assignments/${published.id}`, { tenant: north.tenant.slug })).status).toBe(403)
    expect((await list(north.instructor)).ids).toEqual(expect.arrayContaining([published.id, draft.id]))
  })
})

describe('submissions', () => {
  it('should take attempts while open, number them, flag late work and stop at the limit', async () => {
    // A day and a half late counts as two started days.
    const assignment = await makeAssignment({ dueAt: iso(-1.5), cutoffAt: iso(3), maxAttempts: 2 })
    const first = await handIn(assignment.id, north.student, 'First try')
    expect(first.status).toBe(201)
    expect(((await first.json()) as { doc: Submission }).doc).toMatchObject({ attempt: 1, late: true, lateDays: 2, status: 'submitted', text: 'First try' })
    const second = ((await (await handIn(assignment.id, north.student, 'Second try')).json()) as { doc: Submission }).doc
    expect(second.attempt).toBe(2)
    const third = await handIn(assignment.id, north.student)
    expect(third.status).toBe(409)
    expect(await messageOf(third)).toMatch(/attempt/)
    const stored = await app.payload.find({ collection: 'submissions', where: { assignment: { equals: assignment.id } }, overrideAccess: true, sort: 'attempt' })
    expect(stored.docs.map((d) => d.text)).toEqual(['First try', 'Second try'])
  })

  it('should never exceed the attempts when a student submits twice at once', async () => {
    const assignment = await makeAssignment({ maxAttempts: 1 })
    const answers = await Promise.all([1, 2, 3].map(() => handIn(assignment.id, north.student)))
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409])
  })

  it('should refuse before the opening, after the cut-off, without an active enrollment, and bad bodies', async () => {
    const early = await makeAssignment({ opensAt: iso(1), dueAt: iso(7) })
    expect(await messageOf(await handIn(early.id, north.student))).toMatch(/opens on/)
    const closed = await makeAssignment({ dueAt: iso(-3), cutoffAt: iso(-1) })
    const refused = await handIn(closed.id, north.student)
    expect(refused.status).toBe(403)
    expect(await messageOf(refused)).toMatch(/closed/)
    const open = await makeAssignment()
    // Not enrolled: the assignment does not even exist for them.
    expect((await handIn(open.id, north.otherStudent)).status).toBe(404)
    const cancelled: Persona = await createPerson(app.payload, { email: `gone-${id}@example.com`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    const finished = await app.payload.create({ collection: 'enrollments', data: { user: cancelled.id, course: courseId, status: 'active', source: 'staff' }, overrideAccess: true })
    // A completed enrollment still shows the course's assignments, but takes no new work.
    await app.payload.update({ collection: 'enrollments', id: finished.id, data: { status: 'completed' }, context: { enrollmentActor: 'system' }, overrideAccess: true })
    expect((await handIn(open.id, cancelled)).status).toBe(403)
    expect((await handIn(open.id, south.student)).status).toBe(404)
    expect((await app.api.post(`/api/assignments/${open.id}/submit`, { body: { text: 'x' } })).status).toBe(401)
    const token = await tokenOf(north.student)
    expect((await app.api.post(`/api/assignments/${open.id}/submit`, { token, body: { text: '   ' } })).status).toBe(400)
    expect((await app.api.post(`/api/assignments/${open.id}/submit`, { token, body: { text: 'ok', points: 20 } })).status).toBe(400)
    expect((await app.api.post(`/api/assignments/${open.id}/submit`, { token, body: { text: 'x'.repeat(50_001) } })).status).toBe(400)
    const none = await app.payload.count({ collection: 'submissions', where: { assignment: { in: [early.id, closed.id, open.id] } }, overrideAccess: true })
    expect(none.totalDocs).toBe(0)
  })

  it('should show a submission to its student and the course staff only, and hide grades until released', async () => {
    const assignment = await makeAssignment()
    const doc = ((await (await handIn(assignment.id, north.student)).json()) as { doc: Submission }).doc
    await app.payload.update({ collection: 'submissions', id: doc.id, data: { points: 15, feedback: 'Good', status: 'graded' }, overrideAccess: true })
    const read = async (person: Persona) => app.api.get(`/api/submissions/${doc.id}?depth=0`, { token: await tokenOf(person) })
    const own = (await (await read(north.student)).json()) as Submission
    expect(own.text).toBe('My answer')
    expect(own).not.toHaveProperty('points')
    expect(own).not.toHaveProperty('feedback')
    expect(((await (await read(north.instructor)).json()) as Submission).points).toBe(15)
    await app.payload.update({ collection: 'submissions', id: doc.id, data: { releasedAt: new Date().toISOString(), status: 'returned' }, overrideAccess: true })
    expect(((await (await read(north.student)).json()) as Submission).points).toBe(15)
    for (const outsider of [north.otherStudent, south.admin]) {
      expect((await read(outsider)).status).toBe(404)
    }
    // Staff may grade over REST (the admin panel does), but the hand-in itself stays as it was.
    expect((await app.api.patch(`/api/submissions/${doc.id}`, { token: await tokenOf(north.instructor), body: { text: 'forged', attempt: 9 } })).status).toBe(200)
    expect(await app.payload.findByID({ collection: 'submissions', id: doc.id, depth: 0, overrideAccess: true })).toMatchObject({ text: 'My answer', attempt: 1 })
    expect((await app.api.patch(`/api/submissions/${doc.id}`, { token: await tokenOf(north.student), body: { points: 20 } })).status).toBe(403)
    // Another school's admin: Payload answers an update it finds nothing to apply to under access with 403.
    const foreign = await app.api.patch(`/api/submissions/${doc.id}`, { token: await tokenOf(south.admin), body: { points: 20 } })
    expect(foreign.status).toBe(403)
    expect(await messageOf(foreign)).toBe(FORBIDDEN_MESSAGE)
    expect((await app.payload.findByID({ collection: 'submissions', id: doc.id, depth: 0, overrideAccess: true })).points).toBe(15)
    expect((await app.api.post('/api/submissions', { token: await tokenOf(north.student), body: { assignment: assignment.id, text: 'forged' } })).status).toBe(403)
  })
})

describe('grading and the gradebook', () => {
  const grade = async (submission: number, person: Persona, body: Record<string, unknown>) =>
    app.api.post(`/api/submissions/${submission}/grade`, { token: await tokenOf(person), body })

  it('should grade by rubric, apply the late penalty, audit every change and release on request', async () => {
    const assignment = await makeAssignment({
      dueAt: iso(-1.5),
      cutoffAt: iso(5),
      latePolicy: 'penalty',
      latePenaltyPercentPerDay: 10,
      rubric: [
        { criterion: 'Argument', levels: [{ label: 'weak', points: 0 }, { label: 'fair', points: 6 }, { label: 'strong', points: 12 }] },
        { criterion: 'Style', levels: [{ label: 'poor', points: 0 }, { label: 'good', points: 8 }] },
      ],
    } as Partial<Assignment>)
    const [argument, style] = (assignment.rubric ?? []).map((c) => c.id!)
    const submission = ((await (await handIn(assignment.id, north.student)).json()) as { doc: Submission }).doc
    expect(submission.lateDays).toBe(2)

    expect(await paths(await grade(submission.id, north.instructor, { rubricScores: [{ criterion: argument, points: 7 }, { criterion: style, points: 8 }] }))).toEqual(['rubricScores'])
    expect(await paths(await grade(submission.id, north.instructor, { rubricScores: [{ criterion: argument, points: 12 }] }))).toEqual(['rubricScores'])
    expect(await paths(await grade(submission.id, north.instructor, { points: 5, rubricScores: [{ criterion: argument, points: 12 }, { criterion: style, points: 8 }] }))).toEqual(['points'])
    expect(await paths(await grade(submission.id, north.instructor, { points: 5, bonus: 3 }))).toEqual(['bonus'])

    const graded = await grade(submission.id, north.instructor, { rubricScores: [{ criterion: argument, points: 12 }, { criterion: style, points: 8 }], feedback: 'Well argued' })
    expect(graded.status).toBe(200)
    // 20 points, two started days late at 10% a day.
    expect(((await graded.json()) as { doc: Submission }).doc).toMatchObject({ points: 20, penaltyPercent: 20, finalPoints: 16, status: 'graded', gradedBy: north.instructor.id })
    const own = async () => (await (await app.api.get(`/api/submissions/${submission.id}?depth=0`, { token: await tokenOf(north.student) })).json()) as Submission
    expect(await own()).not.toHaveProperty('finalPoints')

    await grade(submission.id, north.admin, { rubricScores: [{ criterion: argument, points: 6 }, { criterion: style, points: 8 }], release: true })
    expect(await own()).toMatchObject({ points: 14, finalPoints: 11.2, status: 'returned' })
    const audit = await app.payload.find({
      collection: 'audit-logs',
      where: { and: [{ collection: { equals: 'submissions' } }, { documentId: { equals: String(submission.id) } }, { action: { equals: 'update' } }] },
      overrideAccess: true,
    })
    expect(audit.totalDocs).toBe(2)
    expect(audit.docs.every((entry) => entry.changedFields?.includes('points'))).toBe(true)
  })

  it('should grade from the admin panel (an update of the whole form) with the same rules, and complete the course', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id], sections: [] })
    const learner: Persona = await createPerson(app.payload, { email: `panel-${id}@example.com`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    const enrollment = await app.payload.create({ collection: 'enrollments', data: { user: learner.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
    const assignment = await makeAssignment({ course: course.id, maxPoints: 20, passMark: 10, requiredForCompletion: true })
    const submission = ((await (await handIn(assignment.id, learner)).json()) as { doc: Submission }).doc
    const form = ((await (await app.api.get(`/api/submissions/${submission.id}?depth=0`, { token: await tokenOf(north.instructor) })).json()) as Submission)
    const save = async (changes: Record<string, unknown>) =>
      app.api.patch(`/api/submissions/${submission.id}?depth=0`, { token: await tokenOf(north.instructor), body: { ...form, ...changes } })
    // Saving the form untouched grades nothing.
    expect((await save({})).status).toBe(200)
    expect(await app.payload.findByID({ collection: 'submissions', id: submission.id, depth: 0, overrideAccess: true })).toMatchObject({ status: 'submitted', gradedAt: null })
    expect(await paths(await save({ points: 25 }))).toEqual(['points'])
    const saved = await save({ points: 15, feedback: 'Clear and correct', release: true })
    expect(saved.status).toBe(200)
    expect(((await saved.json()) as { doc: Submission }).doc).toMatchObject({ points: 15, finalPoints: 15, status: 'returned', gradedBy: north.instructor.id, release: true })
    const own = (await (await app.api.get(`/api/submissions/${submission.id}?depth=0`, { token: await tokenOf(learner) })).json()) as Submission
    expect(own).toMatchObject({ points: 15, feedback: 'Clear and correct' })
    expect(await app.payload.findByID({ collection: 'enrollments', id: enrollment.id, depth: 0, overrideAccess: true })).toMatchObject({ status: 'completed', progress: 100 })
  })

  it('should keep points within the maximum and grading to the course staff', async () => {
    const assignment = await makeAssignment({ maxAttempts: 1 })
    const submission = ((await (await handIn(assignment.id, north.student)).json()) as { doc: Submission }).doc
    expect(await paths(await grade(submission.id, north.instructor, { points: 21 }))).toEqual(['points'])
    expect(await paths(await grade(submission.id, north.instructor, { points: -1 }))).toEqual(['points'])
    expect((await grade(submission.id, north.student, { points: 20 })).status).toBe(403)
    expect((await grade(submission.id, south.admin, { points: 20 })).status).toBe(404)
    const stranger: Persona = await createPerson(app.payload, { email: `other-teacher-${id}@example.com`, tenants: [{ tenant: north.tenant.id, roles: ['instructor'] }] })
    expect((await grade(submission.id, stranger, { points: 20 })).status).toBe(404)
    const untouched = await app.payload.findByID({ collection: 'submissions', id: submission.id, overrideAccess: true })
    expect(untouched.points ?? null).toBeNull()
    expect((await grade(submission.id, north.instructor, { points: 18.5 })).status).toBe(200)
  })

  it('should list students x assignments with the best attempt and totals, as JSON and CSV, for staff only', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
    const learner: Persona = await createPerson(app.payload, { name: '=HYPERLINK("x")', email: `formula-${id}@example.com`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    await app.payload.create({ collection: 'enrollments', data: { user: learner.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
    const first = await makeAssignment({ course: course.id, maxPoints: 10, maxAttempts: 2 })
    const second = await makeAssignment({ course: course.id, maxPoints: 30 })
    const tries = [
      ((await (await handIn(first.id, learner)).json()) as { doc: Submission }).doc,
      ((await (await handIn(first.id, learner)).json()) as { doc: Submission }).doc,
    ]
    await grade(tries[0]!.id, north.instructor, { points: 9 })
    await grade(tries[1]!.id, north.instructor, { points: 6 })

    const response = await app.api.get(`/api/courses/${course.id}/gradebook`, { token: await tokenOf(north.instructor) })
    expect(response.status).toBe(200)
    const book = (await response.json()) as { maxTotal: number; students: { id: number; total: number; grades: Record<string, { finalPoints: number; attempt: number } | null> }[] }
    expect(book.maxTotal).toBe(40)
    const row = book.students.find((s) => s.id === learner.id)!
    expect(row.grades[first.id]).toMatchObject({ finalPoints: 9, attempt: 1 })
    expect(row.grades[second.id]).toBeNull()
    expect(row.total).toBe(9)

    const csv = await app.api.get(`/api/courses/${course.id}/gradebook?format=csv`, { token: await tokenOf(north.admin) })
    expect(csv.headers.get('content-disposition')).toContain('attachment')
    const text = await csv.text()
    expect(text).toContain(`"'=HYPERLINK(""x"")",${learner.email},9,,9`)
    // A student of the school reads the course but may not see its grades; another school's admin does not even find it.
    const refused = async (person: Persona) => app.api.get(`/api/courses/${course.id}/gradebook`, { token: await tokenOf(person) })
    const asStudent = await refused(north.student)
    expect(asStudent.status).toBe(403)
    expect(await messageOf(asStudent)).toBe("Only the course's instructors and the school's admins see the course's gradebook.")
    expect((await refused(south.admin)).status).toBe(404)
  })
})

describe('completion with required assignments', () => {
  it('should complete a course only when its required assignments have a released grade at or above the pass mark', async () => {
    const course = await createCourse(app.payload, north.tenant.id, {
      instructors: [north.instructor.id],
      sections: [{ title: 'Only', lessons: [{ title: 'Read this', type: 'text', required: true }] }],
    })
    const lesson = course.sections![0]!.lessons![0]!.id!
    const learner: Persona = await createPerson(app.payload, { email: `finisher-${id}@example.com`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    await app.payload.create({ collection: 'enrollments', data: { user: learner.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
    const assignment = await makeAssignment({ course: course.id, maxPoints: 20, passMark: 12, maxAttempts: 2, requiredForCompletion: true })
    // An optional assignment does not hold completion back.
    await makeAssignment({ course: course.id, maxPoints: 10 })

    const done = await app.api.post(`/api/courses/${course.id}/lessons/${lesson}/complete`, { token: await tokenOf(learner) })
    expect(await done.json()).toMatchObject({ progress: 50, status: 'active' })
    const submission = ((await (await handIn(assignment.id, learner)).json()) as { doc: Submission }).doc
    const enrollment = async () =>
      (await app.payload.find({ collection: 'enrollments', where: { and: [{ user: { equals: learner.id } }, { course: { equals: course.id } }] }, overrideAccess: true })).docs[0]!

    await app.api.post(`/api/submissions/${submission.id}/grade`, { token: await tokenOf(north.instructor), body: { points: 11 } })
    expect(await enrollment()).toMatchObject({ status: 'active', progress: 50 })
    await app.api.post(`/api/submissions/${submission.id}/grade`, { token: await tokenOf(north.instructor), body: { points: 12 } })
    // A passing grade the student has not been shown yet counts for nothing.
    expect(await enrollment()).toMatchObject({ status: 'active', progress: 50 })
    await app.api.post(`/api/submissions/${submission.id}/grade`, { token: await tokenOf(north.instructor), body: { release: true } })
    const finished = await enrollment()
    expect(finished).toMatchObject({ status: 'completed', progress: 100 })
    expect(finished.completedAt).toBeTruthy()

    // A later regrade below the mark does not take a completion back.
    await app.api.post(`/api/submissions/${submission.id}/grade`, { token: await tokenOf(north.instructor), body: { points: 3 } })
    expect((await enrollment()).completedAt).toBe(finished.completedAt)
  })
})

describe('progress analytics', () => {
  it('should sum up a course for its staff and name the students at risk', async () => {
    const course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
    const make = (email: string): Promise<Persona> => createPerson(app.payload, { email: `${email}-${id}@example.com`, name: email, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
    const [busy, idle, done] = [await make('busy'), await make('idle'), await make('done')]
    const enrol = (user: number) => app.payload.create({ collection: 'enrollments', data: { user, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
    await enrol(busy.id)
    const idleEnrollment = await enrol(idle.id)
    const doneEnrollment = await enrol(done.id)
    await app.payload.update({ collection: 'enrollments', id: idleEnrollment.id, data: { activatedAt: iso(-30) }, overrideAccess: true })
    await app.payload.update({ collection: 'enrollments', id: doneEnrollment.id, data: { status: 'completed', progress: 100 }, context: { enrollmentActor: 'system' }, overrideAccess: true })
    const overdue = await makeAssignment({ course: course.id, title: 'Overdue essay', dueAt: iso(-1), cutoffAt: iso(5), maxPoints: 10 })
    const submission = ((await (await handIn(overdue.id, busy)).json()) as { doc: Submission }).doc
    await app.api.post(`/api/submissions/${submission.id}/grade`, { token: await tokenOf(north.instructor), body: { points: 8 } })

    const response = await app.api.get(`/api/courses/${course.id}/analytics?atRiskDays=14`, { token: await tokenOf(north.instructor) })
    expect(response.status).toBe(200)
    const report = (await response.json()) as Record<string, unknown> & { studentsAtRisk: { email: string; reasons: string[] }[] }
    expect(report).toMatchObject({ enrolled: 3, active: 2, completed: 1, completionRate: 33.3, averageGradePercent: 80, averageProgress: 33.3 })
    // Two learning students (busy, done) and the idle one: 3 due pairs, one handed in.
    expect(report.submissionRate).toBe(33.3)
    const idleRisk = report.studentsAtRisk.find((s) => s.email === idle.email)
    expect(idleRisk?.reasons).toEqual(['no activity for 30 days', 'overdue: Overdue essay'])
    expect(report.studentsAtRisk.map((s) => s.email)).not.toContain(busy.email)

    const refused = async (person: Persona) => app.api.get(`/api/courses/${course.id}/analytics`, { token: await tokenOf(person) })
    const asStudent = await refused(north.student)
    expect(asStudent.status).toBe(403)
    expect(await messageOf(asStudent)).toBe("Only the course's instructors and the school's admins see the course's analytics.")
    expect((await refused(south.admin)).status).toBe(404)
    expect((await app.api.get(`/api/courses/${course.id}/analytics?atRiskDays=0`, { token: await tokenOf(north.instructor) })).status).toBe(400)
  })

  it('should show a person their progress across courses, and staff only their part of it', async () => {
    const mine = async (person: Persona, of: Persona) => app.api.get(`/api/users/${of.id}/learning`, { token: await tokenOf(person) })
    const own = (await (await mine(north.student, north.student)).json()) as { courses: { course: { id: number }; progress: number }[] }
    expect(own.courses.map((c) => c.course.id)).toContain(courseId)
    // The instructor teaches several courses, but the student learns in one of them only.
    const byInstructor = (await (await mine(north.instructor, north.student)).json()) as { courses: { course: { id: number } }[] }
    expect(byInstructor.courses.map((c) => c.course.id)).toEqual([courseId])
    expect((await mine(north.otherStudent, north.student)).status).toBe(404)
    expect((await mine(south.admin, north.student)).status).toBe(404)
  })
})

describe('assignment drafts and versions', () => {
  let published: Assignment
  let draftOnly: Assignment
  let southern: Assignment
  const titles = { published: `Published ${id}`, unannounced: `Unannounced ${id}`, draftOnly: `Draft only ${id}` }

  beforeAll(async () => {
    published = await makeAssignment({ title: titles.published })
    // A change saved as a draft: the published assignment keeps its title until it is published.
    await app.payload.update({ collection: 'assignments', id: published.id, data: { title: titles.unannounced }, draft: true, overrideAccess: true })
    draftOnly = await makeAssignment({ title: titles.draftOnly, _status: 'draft' })
    southern = await makeAssignment({ course: (await createCourse(app.payload, south.tenant.id)).id, title: `Southern ${id}` })
  })

  const restVersions = async (person?: Persona, where = `where[parent][in]=${published.id},${draftOnly.id}&`) => {
    const response = await app.api.get(`/api/assignments/versions?${where}depth=0&limit=100`, { token: person ? await tokenOf(person) : undefined, tenant: north.tenant.slug })
    const body = (await response.json()) as { docs?: { parent: number; version: { title: string } }[]; errors?: { message: string }[] }
    return { status: response.status, body }
  }
  const draftOf = async (assignment: Assignment, person?: Persona) =>
    app.api.get(`/api/assignments/${assignment.id}?draft=true&depth=0`, { token: person ? await tokenOf(person) : undefined, tenant: north.tenant.slug })
  const GRAPHQL_VERSIONS = '{ versionsAssignments(limit: 100) { docs { parent { id } version { title } } } }'

  it('should show the course\'s staff every version and the pending drafts', async () => {
    for (const person of [north.instructor, north.admin]) {
      const { status, body } = await restVersions(person)
      expect(status, person.email).toBe(200)
      expect(new Set(body.docs?.map((v) => v.version.title)), person.email).toEqual(new Set(Object.values(titles)))
      expect(((await (await draftOf(published, person)).json()) as Assignment).title, person.email).toBe(titles.unannounced)
      const draft = await draftOf(draftOnly, person)
      expect(draft.status, person.email).toBe(200)
      expect(((await draft.json()) as Assignment).title).toBe(titles.draftOnly)
    }
    const gql = await app.api.graphql(GRAPHQL_VERSIONS, {}, { token: await tokenOf(north.instructor) })
    expect(gql.errors).toBeUndefined()
    const docs = (gql.data?.versionsAssignments as { docs: { parent: { id: number } | null; version: { title: string } }[] }).docs
    expect(docs.filter((v) => v.parent?.id === published.id).map((v) => v.version.title).sort()).toEqual([titles.published, titles.unannounced].sort())
  })

  it('should give a student of the course the published assignment only: no versions, no drafts', async () => {
    expect(await restVersions(north.student)).toMatchObject({ status: 403, body: { errors: [expect.objectContaining({ message: FORBIDDEN_MESSAGE })] } })
    const asked = await draftOf(published, north.student)
    expect(asked.status).toBe(200)
    expect(((await asked.json()) as Assignment).title).toBe(titles.published)
    expect((await draftOf(draftOnly, north.student)).status).toBe(404)
    const token = await tokenOf(north.student)
    expectForbidden(await app.api.graphql(GRAPHQL_VERSIONS, {}, { token }), 'student: versions')
    const draft = await app.api.graphql(`{ Assignment(id: ${published.id}, draft: true) { title } }`, {}, { token })
    expect(draft).toEqual({ data: { Assignment: { title: titles.published } } })
  })

  it('should keep the drafts from an instructor of the school who does not teach the course', async () => {
    const colleague = await createPerson(app.payload, { email: `colleague-${id}@example.com`, tenants: [{ tenant: north.tenant.id, roles: ['instructor'] }] })
    // Teaching nothing, they look after no course's drafts at all.
    expect(await restVersions(colleague)).toMatchObject({ status: 403, body: { errors: [expect.objectContaining({ message: FORBIDDEN_MESSAGE })] } })
    expect((await draftOf(draftOnly, colleague)).status).toBe(403)
    expectForbidden(await app.api.graphql(GRAPHQL_VERSIONS, {}, { token: await tokenOf(colleague) }), 'colleague: versions')
  })

  it('should give another school\'s staff their own versions only, and anonymous visitors nothing', async () => {
    const mine = await restVersions(south.admin, '')
    expect(mine.status).toBe(200)
    const parents = mine.body.docs?.map((v) => v.parent) ?? []
    expect(parents).toContain(southern.id)
    expect(parents.filter((parent) => parent === published.id || parent === draftOnly.id)).toEqual([])
    expect(await restVersions(south.admin)).toMatchObject({ status: 200, body: { docs: [] } })
    for (const assignment of [published, draftOnly]) {
      expect((await draftOf(assignment, south.admin)).status).toBe(404)
      expect((await draftOf(assignment)).status).toBe(403)
    }
    const gql = await app.api.graphql(GRAPHQL_VERSIONS, {}, { token: await tokenOf(south.admin) })
    const titlesSeen = (gql.data?.versionsAssignments as { docs: { version: { title: string } }[] }).docs.map((v) => v.version.title)
    expect(titlesSeen).toContain(`Southern ${id}`)
    expect(titlesSeen.filter((title) => Object.values(titles).includes(title))).toEqual([])

    expect(await restVersions()).toMatchObject({ status: 403, body: { errors: [expect.objectContaining({ message: FORBIDDEN_MESSAGE })] } })
    expectForbidden(await app.api.graphql(GRAPHQL_VERSIONS), 'anonymous: versions')
  })
})
