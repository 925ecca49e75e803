import type { Submission } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import { createPerson, createSchool, createSuperAdmin, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let root: Persona
const id = uniq()
const DAY = 86_400_000

/** Every field that says something about a grade, with a filter someone curious might try on it. */
const GUARDED: [field: string, operator: string, value: string][] = [
  ['points', 'greater_than_equal', '10'],
  ['rubricScores', 'exists', 'true'],
  ['feedback', 'like', 'secret'],
  ['penaltyPercent', 'equals', '0'],
  ['finalPoints', 'greater_than_equal', '10'],
  ['gradedBy', 'exists', 'true'],
  ['gradedAt', 'exists', 'true'],
  ['status', 'equals', 'graded'],
  ['updatedAt', 'greater_than', '2000-01-01T00:00:00.000Z'],
]
const GRADE_FIELDS = ['points', 'rubricScores', 'feedback', 'penaltyPercent', 'finalPoints', 'gradedBy', 'gradedAt']

type ErrorBody = { errors: { message: string }[] }
type GraphQLResult = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { statusCode?: number } }[] }

const tokenOf = (person: Persona): Promise<string> => app.api.tokenOf(person)
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString()

const newCourse = () => createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id], sections: [] })

const newLearner = async (label: string, courseId: number): Promise<Persona> => {
  const person = await createPerson(app.payload, { email: `${label}-${id}@example.com`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
  await app.payload.create({ collection: 'enrollments', data: { user: person.id, course: courseId, status: 'active', source: 'staff' }, overrideAccess: true })
  return person
}

const makeAssignment = (course: number, extra: Record<string, unknown> = {}) =>
  app.payload.create({
    collection: 'assignments',
    data: { course, title: `Essay ${uniq()}`, dueAt: iso(7), maxPoints: 20, maxAttempts: 1, latePolicy: 'cutoff', cutoffAt: iso(9), submissionType: 'text', _status: 'published', ...extra },
    overrideAccess: true,
  })

const handIn = async (assignment: number, person: Persona): Promise<Submission> => {
  const response = await app.api.post(`/api/assignments/${assignment}/submit`, { token: await tokenOf(person), body: { text: 'My answer' } })
  expect(response.status).toBe(201)
  return ((await response.json()) as { doc: Submission }).doc
}

const grade = async (submission: number, body: Record<string, unknown>) => {
  const response = await app.api.post(`/api/submissions/${submission}/grade`, { token: await tokenOf(north.instructor), body })
  expect(response.status).toBe(200)
}

const listAs = async (person: Persona, query: string) => app.api.get(`/api/submissions?depth=0&${query}`, { token: await tokenOf(person) })
const whereQuery = ([field, operator, value]: [string, string, string]) => `where[${field}][${operator}]=${encodeURIComponent(value)}`
const docsOf = async (response: Response) => ((await response.json()) as { docs: Submission[] }).docs
const stored = (submission: number) => app.payload.findByID({ collection: 'submissions', id: submission, depth: 0, overrideAccess: true })

const graphqlAs = async (person: Persona, query: string) => (await app.api.graphql(query, {}, { token: await tokenOf(person) })) as GraphQLResult

/** A refusal to filter or sort: 400, naming the path. */
const expectPathRefused = async (response: Response, field: string) => {
  expect(response.status, field).toBe(400)
  expect(((await response.json()) as ErrorBody).errors[0]?.message, field).toMatch(new RegExp(`cannot be queried: .*\\b${field}\\b`))
}
const expectGraphQLPathRefused = (result: GraphQLResult, field: string) => {
  expect(result.errors?.[0]?.extensions?.statusCode, `${field}: ${JSON.stringify(result.errors)}`).toBe(400)
  expect(result.errors?.[0]?.message, field).toMatch(new RegExp(`cannot be queried: .*\\b${field}\\b`))
}

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `grp-${id}`)
  root = await createSuperAdmin(app.payload, `grp-${id}`)
})

afterAll(() => app.close())

describe('unreleased grades', () => {
  let learner: Persona
  let submission: Submission

  beforeAll(async () => {
    const course = await newCourse()
    learner = await newLearner('pending', course.id)
    submission = await handIn((await makeAssignment(course.id)).id, learner)
    await grade(submission.id, { points: 15, feedback: 'A secret remark' })
  })

  it('should refuse the student every filter on a grade field, over REST and GraphQL', async () => {
    for (const guarded of GUARDED) {
      await expectPathRefused(await listAs(learner, whereQuery(guarded)), guarded[0])
      await expectPathRefused(await app.api.get(`/api/submissions/count?${whereQuery(guarded)}`, { token: await tokenOf(learner) }), guarded[0])
      // GraphQL's select operators have no `exists`.
      const filter = guarded[0] === 'status' ? 'equals: graded' : 'exists: true'
      expectGraphQLPathRefused(await graphqlAs(learner, `{ Submissions(where: { ${guarded[0]}: { ${filter} } }) { docs { id } } }`), guarded[0])
    }
    // Nor through a relationship from the submission's files.
    const viaFiles = await app.api.get('/api/submission-files?where[submission.finalPoints][greater_than_equal]=10', { token: await tokenOf(learner) })
    await expectPathRefused(viaFiles, 'finalPoints')
  })

  it('should refuse the student every sort on a grade field, over REST and GraphQL', async () => {
    for (const [field] of GUARDED) {
      await expectPathRefused(await listAs(learner, `sort=${field}`), field)
      await expectPathRefused(await listAs(learner, `sort=-${field}`), field)
      expectGraphQLPathRefused(await graphqlAs(learner, `{ Submissions(sort: "-${field}") { docs { id } } }`), field)
    }
    // Their own work is still theirs to list by anything else.
    const byHandIn = await listAs(learner, 'sort=-submittedAt')
    expect(byHandIn.status).toBe(200)
    expect((await docsOf(byHandIn)).map((d) => d.id)).toEqual([submission.id])
  })

  it('should show the student their work as handed in, whatever they select', async () => {
    // The grade did change the stored document.
    expect(await stored(submission.id)).toMatchObject({ status: 'graded', finalPoints: 15 })
    expect((await stored(submission.id)).updatedAt).not.toBe(submission.submittedAt)
    expect(submission.updatedAt).toBe(submission.submittedAt)

    const own = (await (await app.api.get(`/api/submissions/${submission.id}?depth=1`, { token: await tokenOf(learner) })).json()) as Submission
    expect(own).toMatchObject({ status: 'submitted', updatedAt: submission.submittedAt, text: 'My answer' })
    for (const field of GRADE_FIELDS) {
      expect(own, field).not.toHaveProperty(field)
    }
    const selections = [...GRADE_FIELDS, 'status', 'updatedAt'].map((field) => `select[${field}]=true`)
    for (const query of [...selections, selections.join('&')]) {
      const [listed] = await docsOf(await listAs(learner, query))
      const single = (await (await app.api.get(`/api/submissions/${submission.id}?${query}`, { token: await tokenOf(learner) })).json()) as Submission
      for (const doc of [listed!, single]) {
        for (const field of GRADE_FIELDS) {
          expect(doc, `${query}: ${field}`).not.toHaveProperty(field)
        }
        if (query.includes('status')) {
          expect(doc.status, query).toBe('submitted')
        }
        if (query.includes('updatedAt')) {
          expect(doc.updatedAt, query).toBe(submission.submittedAt)
        }
      }
    }

    const fields = `id status updatedAt ${GRADE_FIELDS.map((f) => (f === 'gradedBy' ? 'gradedBy { id }' : f)).join(' ')}`
    const result = await graphqlAs(learner, `{ Submissions { docs { ${fields} } } Submission(id: ${submission.id}) { ${fields} } }`)
    expect(result.errors).toBeUndefined()
    const data = result.data as { Submissions: { docs: Record<string, unknown>[] }; Submission: Record<string, unknown> }
    for (const doc of [data.Submissions.docs[0]!, data.Submission]) {
      expect(doc).toMatchObject({ id: submission.id, status: 'submitted', updatedAt: submission.submittedAt })
      for (const field of GRADE_FIELDS) {
        expect(doc[field] ?? null, field).toBeNull()
      }
    }
  })

  it('should leave the course staff filtering, sorting and reading everything', async () => {
    for (const person of [north.instructor, north.admin, root]) {
      for (const guarded of GUARDED) {
        const filtered = await listAs(person, `${whereQuery(guarded)}&where[student][equals]=${learner.id}`)
        expect(filtered.status, `${person.email}: ${guarded[0]}`).toBe(200)
        // Graded by points, so no rubric scores; every other filter finds the submission.
        expect((await docsOf(filtered)).map((d) => d.id), `${person.email}: ${guarded[0]}`).toEqual(guarded[0] === 'rubricScores' ? [] : [submission.id])
        expect((await listAs(person, `sort=-${guarded[0]}&where[student][equals]=${learner.id}`)).status).toBe(200)
      }
      const read = (await (await app.api.get(`/api/submissions/${submission.id}?depth=0`, { token: await tokenOf(person) })).json()) as Submission
      expect(read).toMatchObject({ status: 'graded', points: 15, finalPoints: 15, feedback: 'A secret remark', gradedBy: north.instructor.id })
      expect(read.updatedAt).toBe((await stored(submission.id)).updatedAt)
      const result = await graphqlAs(person, `{ Submissions(where: { finalPoints: { greater_than_equal: 10 } }, sort: "-finalPoints") { docs { id status finalPoints } } }`)
      expect(result.errors).toBeUndefined()
      expect((result.data as { Submissions: { docs: unknown[] } }).Submissions.docs).toContainEqual({ id: submission.id, status: 'graded', finalPoints: 15 })
    }
  })
})

describe('completion with unreleased grades', () => {
  it('should move neither progress nor completion on an unreleased passing grade, and complete the course on release', async () => {
    const course = await newCourse()
    const learner = await newLearner('finisher', course.id)
    const assignment = await makeAssignment(course.id, { passMark: 10, requiredForCompletion: true })
    const enrollment = async () =>
      (await app.payload.find({ collection: 'enrollments', where: { and: [{ user: { equals: learner.id } }, { course: { equals: course.id } }] }, overrideAccess: true })).docs[0]!
    const certificateJobs = async () => {
      const enrollmentId = (await enrollment()).id
      const jobs = await app.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'issueCertificate' } }, pagination: false, overrideAccess: true })
      return jobs.docs.filter((job) => (job.input as { enrollment?: number } | null)?.enrollment === enrollmentId).length
    }
    const learning = async () =>
      ((await (await app.api.get(`/api/users/${learner.id}/learning`, { token: await tokenOf(learner) })).json()) as { courses: { course: { id: number }; progress: number; status: string }[] })
        .courses.find((c) => c.course.id === course.id)

    const submission = await handIn(assignment.id, learner)
    const before = await enrollment()
    await grade(submission.id, { points: 18 })
    expect(await enrollment()).toMatchObject({ status: 'active', progress: before.progress, updatedAt: before.updatedAt, completedAt: null })
    expect(await learning()).toMatchObject({ status: 'active', progress: 0 })
    expect(await certificateJobs()).toBe(0)

    await grade(submission.id, { release: true })
    expect(await enrollment()).toMatchObject({ status: 'completed', progress: 100 })
    expect(await learning()).toMatchObject({ status: 'completed', progress: 100 })
    expect(await certificateJobs()).toBe(1)
  })
})

describe('released grades', () => {
  it('should show the student a released grade, and let them filter by grades once nothing of theirs is unreleased', async () => {
    const course = await newCourse()
    const learner = await newLearner('released', course.id)
    const first = await handIn((await makeAssignment(course.id)).id, learner)
    const second = await handIn((await makeAssignment(course.id)).id, learner)
    await grade(first.id, { points: 16, feedback: 'Well done', release: true })
    await grade(second.id, { points: 6 })

    const own = (await (await app.api.get(`/api/submissions/${first.id}?depth=0`, { token: await tokenOf(learner) })).json()) as Submission
    expect(own).toMatchObject({ status: 'returned', points: 16, finalPoints: 16, feedback: 'Well done', gradedBy: north.instructor.id })
    expect(own.updatedAt).toBe((await stored(first.id)).updatedAt)
    // The second attempt's grade is still unreleased: no filtering across both.
    await expectPathRefused(await listAs(learner, 'where[finalPoints][greater_than_equal]=10'), 'finalPoints')

    await grade(second.id, { release: true })
    const passing = await listAs(learner, 'where[finalPoints][greater_than_equal]=10')
    expect(passing.status).toBe(200)
    expect((await docsOf(passing)).map((d) => d.id)).toEqual([first.id])
    const sorted = await listAs(learner, 'sort=finalPoints')
    expect(sorted.status).toBe(200)
    expect((await docsOf(sorted)).map((d) => d.id)).toEqual([second.id, first.id])
    const result = await graphqlAs(learner, `{ Submissions(where: { status: { equals: returned } }, sort: "-updatedAt") { docs { id status finalPoints } } }`)
    expect(result.errors).toBeUndefined()
    expect((result.data as { Submissions: { docs: unknown[] } }).Submissions.docs).toEqual([
      { id: second.id, status: 'returned', finalPoints: 6 },
      { id: first.id, status: 'returned', finalPoints: 16 },
    ])
  })
})
