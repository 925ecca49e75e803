import type { Enrollment, Submission, User } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import { createPerson, createSchool, createSuperAdmin, PASSWORD, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
let root: Persona
let bridge: Persona
const id = uniq()

const tokenOf = (person: Persona): Promise<string> => app.api.tokenOf(person)

/** The ID a relationship holds, populated or not. */
const idOf = (value: unknown): unknown => (typeof value === 'object' && value !== null && 'id' in value ? value.id : value)

/** Every distinct email address anywhere in a response. */
const emailsIn = (body: unknown): string[] => [...new Set(JSON.stringify(body).match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? [])]

const readUser = (userId: number) =>
  app.payload.findByID({ collection: 'users', id: userId, depth: 0, overrideAccess: true })

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `north-${id}`)
  south = await createSchool(app.payload, `south-${id}`)
  root = await createSuperAdmin(app.payload, id)
  // A person in both schools: a student of north and of south.
  bridge = await createPerson(app.payload, {
    email: `bridge-${id}@both.example`,
    tenants: [
      { tenant: north.tenant.id, roles: ['student'] },
      { tenant: south.tenant.id, roles: ['student'] },
    ],
  })
})

afterAll(() => app.close())

describe('super-admin', () => {
  it('should manage people and tenants everywhere', async () => {
    const token = await tokenOf(root)
    const list = await app.api.get('/api/users?limit=200&depth=0', { token })
    const emails = ((await list.json()) as { docs: User[] }).docs.map((u) => u.email)
    expect(emails).toEqual(expect.arrayContaining([north.admin.email, south.admin.email]))

    const grant = await app.api.patch(`/api/users/${north.instructor.id}`, { token, body: { platformRole: 'super-admin' } })
    expect(grant.status).toBe(200)
    expect((await readUser(north.instructor.id)).platformRole).toBe('super-admin')
    await app.api.patch(`/api/users/${north.instructor.id}`, { token, body: { platformRole: null } })
    expect((await readUser(north.instructor.id)).platformRole).toBeNull()
  })
})

describe('tenant-admin', () => {
  it('should create a student in their own tenant', async () => {
    const response = await app.api.post('/api/users', {
      token: await tokenOf(north.admin),
      body: {
        name: 'New Student',
        email: `new-${id}@north.example`,
        password: PASSWORD,
        tenants: [{ tenant: north.tenant.id, roles: ['student'] }],
      },
    })
    expect(response.status).toBe(201)
  })

  it('should not create a member of another tenant', async () => {
    const email = `intruder-${id}@south.example`
    const response = await app.api.post('/api/users', {
      token: await tokenOf(north.admin),
      body: { name: 'Intruder', email, password: PASSWORD, tenants: [{ tenant: south.tenant.id, roles: ['tenant-admin'] }] },
    })
    expect(response.status).toBe(403)
    const found = await app.payload.find({ collection: 'users', where: { email: { equals: email } }, overrideAccess: true })
    expect(found.totalDocs).toBe(0)
  })

  it('should not grant super-admin, on create or update', async () => {
    const token = await tokenOf(north.admin)
    const email = `climber-${id}@north.example`
    const create = await app.api.post('/api/users', {
      token,
      body: { name: 'Climber', email, password: PASSWORD, platformRole: 'super-admin', tenants: [{ tenant: north.tenant.id, roles: ['student'] }] },
    })
    expect(create.status).toBe(403)
    expect((await app.payload.find({ collection: 'users', where: { email: { equals: email } }, overrideAccess: true })).totalDocs).toBe(0)

    const update = await app.api.patch(`/api/users/${north.student.id}`, { token, body: { platformRole: 'super-admin' } })
    expect(update.status).toBe(403)
    expect((await readUser(north.student.id)).platformRole).toBeFalsy()
  })

  it('should not add a membership of another tenant to one of their people', async () => {
    const response = await app.api.patch(`/api/users/${north.student.id}`, {
      token: await tokenOf(north.admin),
      body: {
        tenants: [
          { tenant: north.tenant.id, roles: ['student'] },
          { tenant: south.tenant.id, roles: ['tenant-admin'] },
        ],
      },
    })
    expect(response.status).toBe(403)
    expect((await readUser(north.student.id)).tenants).toHaveLength(1)
  })

  it('should change roles inside their own tenant but leave other tenants\' memberships alone', async () => {
    const token = await tokenOf(north.admin)
    const promote = await app.api.patch(`/api/users/${bridge.id}`, {
      token,
      body: {
        tenants: [
          { tenant: north.tenant.id, roles: ['student', 'instructor'] },
          { tenant: south.tenant.id, roles: ['student'] },
        ],
      },
    })
    expect(promote.status).toBe(200)
    const dropSouth = await app.api.patch(`/api/users/${bridge.id}`, {
      token,
      body: { tenants: [{ tenant: north.tenant.id, roles: ['student'] }] },
    })
    expect(dropSouth.status).toBe(403)
    const after = await readUser(bridge.id)
    expect(after.tenants?.map((t) => t.tenant)).toEqual([north.tenant.id, south.tenant.id])
  })

  it('should neither read, update nor delete people of another tenant', async () => {
    const token = await tokenOf(north.admin)
    expect((await app.api.get(`/api/users/${south.student.id}`, { token })).status).toBe(404)
    const update = await app.api.patch(`/api/users/${south.student.id}`, { token, body: { name: 'Hijacked' } })
    expect(update.status).toBe(403)
    const remove = await app.api.delete(`/api/users/${south.student.id}`, { token })
    expect(remove.status).toBe(403)
    const still = await readUser(south.student.id)
    expect(still.name).not.toBe('Hijacked')
  })

  it('should not delete a person who also belongs to another tenant', async () => {
    const response = await app.api.delete(`/api/users/${bridge.id}`, { token: await tokenOf(north.admin) })
    expect(response.status).toBe(403)
    expect(await readUser(bridge.id)).toMatchObject({ id: bridge.id })
  })

  it('should not touch a super-admin who is also a member', async () => {
    const operator = await createPerson(app.payload, {
      email: `operator-${id}@platform.example`,
      platformRole: 'super-admin',
      tenants: [{ tenant: north.tenant.id, roles: ['student'] }],
    })
    const response = await app.api.patch(`/api/users/${operator.id}`, { token: await tokenOf(north.admin), body: { password: 'Taken-over-1' } })
    expect(response.status).toBe(403)
    expect((await app.api.post('/api/users/login', { body: { email: operator.email, password: operator.password } })).status).toBe(200)
  })
})

describe('everyone', () => {
  it('should edit their own profile', async () => {
    const response = await app.api.patch(`/api/users/${north.otherStudent.id}`, {
      token: await tokenOf(north.otherStudent),
      body: { name: 'Renamed Student', preferredLocale: 'ar' },
    })
    expect(response.status).toBe(200)
    expect(await readUser(north.otherStudent.id)).toMatchObject({ name: 'Renamed Student', preferredLocale: 'ar' })
  })

  it('should not change their own roles or memberships', async () => {
    const token = await tokenOf(north.student)
    const promote = await app.api.patch(`/api/users/${north.student.id}`, {
      token,
      body: { tenants: [{ tenant: north.tenant.id, roles: ['tenant-admin'] }] },
    })
    expect(promote.status).toBe(403)
    const adminSelf = await app.api.patch(`/api/users/${north.admin.id}`, {
      token: await tokenOf(north.admin),
      body: { tenants: [{ tenant: north.tenant.id, roles: ['tenant-admin', 'instructor'] }] },
    })
    expect(adminSelf.status).toBe(403)
    expect((await readUser(north.student.id)).tenants?.[0]?.roles).toEqual(['student'])
  })

  it('should not edit another person of the same tenant as a student', async () => {
    const response = await app.api.patch(`/api/users/${north.admin.id}`, { token: await tokenOf(north.student), body: { name: 'Pwned' } })
    expect(response.status).toBe(403)
    expect((await readUser(north.admin.id)).name).not.toBe('Pwned')
  })
})

describe('students', () => {
  it('should see no other user and no other email, over REST and GraphQL', async () => {
    const token = await tokenOf(north.student)
    const list = (await (await app.api.get('/api/users?depth=0', { token })).json()) as { docs: User[] }
    expect(list.docs.map((u) => u.id)).toEqual([north.student.id])

    const gql = await app.api.graphql('{ Users(limit: 100) { docs { id email } } }', {}, { token })
    const docs = (gql.data?.Users as { docs: { id: number; email: string | null }[] }).docs
    expect(docs.map((d) => d.id)).toEqual([north.student.id])
    expect((await app.api.get(`/api/users/${north.otherStudent.id}`, { token })).status).toBe(404)
  })

  it('should see the emails of their own school\'s people as an instructor, and of no other school', async () => {
    // Instructors see their students' emails.
    const instructorToken = await tokenOf(north.instructor)
    const asInstructor = (await (await app.api.get(`/api/users/${north.student.id}?depth=0`, { token: instructorToken })).json()) as User
    expect(asInstructor.email).toBe(north.student.email)
    const selected = (await (await app.api.get(`/api/users?depth=0&select[email]=true&limit=100`, { token: instructorToken })).json()) as { docs: User[] }
    expect(selected.docs.find((u) => u.id === north.student.id)?.email).toBe(north.student.email)
    const listed = await app.api.get('/api/users?depth=0&limit=100', { token: instructorToken })
    expect(listed.status).toBe(200)
    const emails = ((await listed.json()) as { docs: User[] }).docs.map((u) => u.email)
    expect(emails).toEqual(expect.arrayContaining([north.admin.email, north.student.email, north.otherStudent.email]))
    expect(emails).not.toContain(south.student.email)
  })

  it('should not see anyone else\'s email in documents that populate people, over REST and GraphQL, while seeing their own', async () => {
    const learner = north.student
    const course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id], enrollmentPolicy: 'approval' })
    const token = await tokenOf(learner)
    // The enrollment is decided by the instructor, the hand-in graded by them, the certificate revoked by the admin.
    const requested = await app.api.post(`/api/courses/${course.id}/enroll`, { token })
    const enrollment = ((await requested.json()) as { doc: Enrollment }).doc
    expect((await app.api.post(`/api/enrollments/${enrollment.id}/approve`, { token: await tokenOf(north.instructor) })).status).toBe(200)
    const assignment = await app.payload.create({
      collection: 'assignments',
      data: { course: course.id, title: 'Essay', dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), maxPoints: 10, maxAttempts: 1, latePolicy: 'penalty', latePenaltyPercentPerDay: 10, submissionType: 'text', _status: 'published' },
      overrideAccess: true,
    })
    const handedIn = await app.api.post(`/api/assignments/${assignment.id}/submit`, { token, body: { text: 'My essay' } })
    const submission = ((await handedIn.json()) as { doc: Submission }).doc
    expect((await app.api.post(`/api/submissions/${submission.id}/grade`, { token: await tokenOf(north.instructor), body: { points: 8, release: true } })).status).toBe(200)
    const certificate = await app.payload.create({
      collection: 'certificates',
      data: {
        tenant: north.tenant.id,
        serial: `USR${id.toUpperCase()}-AAAAAA-AAAAAA-AAAAAA`,
        status: 'revoked',
        revokedReason: 'Issued in error',
        revokedAt: new Date().toISOString(),
        revokedBy: north.admin.id,
        holder: learner.id,
        enrollment: enrollment.id,
        course: course.id,
        holderName: learner.name,
        courseTitle: course.title,
        schoolName: north.tenant.name,
        locale: 'en',
        issuedAt: new Date().toISOString(),
      },
      overrideAccess: true,
    })

    const read = async (path: string) => {
      const response = await app.api.get(path, { token })
      expect(response.status, path).toBe(200)
      return (await response.json()) as Record<string, unknown>
    }
    // What each document holds of people, so a document that lost them cannot pass for one that hides their emails.
    const ownEnrollment = await read(`/api/enrollments/${enrollment.id}?depth=2`)
    expect(ownEnrollment).toMatchObject({ user: { id: learner.id, email: learner.email } })
    expect(idOf(ownEnrollment.decidedBy)).toBe(north.instructor.id)
    expect(emailsIn(ownEnrollment)).toEqual([learner.email])
    expect(emailsIn(await read('/api/enrollments?depth=2&limit=100'))).toEqual([learner.email])
    const ownCourse = await read(`/api/courses/${course.id}?depth=2`)
    expect((ownCourse.instructors as unknown[]).map(idOf)).toEqual([north.instructor.id])
    expect(emailsIn(ownCourse)).toEqual([])
    const ownSubmission = await read(`/api/submissions/${submission.id}?depth=2`)
    expect(ownSubmission).toMatchObject({ student: { id: learner.id }, points: 8 })
    expect(idOf(ownSubmission.gradedBy)).toBe(north.instructor.id)
    expect(emailsIn(ownSubmission)).toEqual([learner.email])
    const ownCertificate = await read(`/api/certificates/${certificate.id}?depth=2`)
    expect(ownCertificate).toMatchObject({ holder: { id: learner.id } })
    expect(idOf(ownCertificate.revokedBy)).toBe(north.admin.id)
    expect(emailsIn(ownCertificate)).toEqual([learner.email])

    const gql = await app.api.graphql(
      `{
        Enrollments(where: { id: { equals: ${enrollment.id} } }) { docs { user { id email } decidedBy { id email } course { instructors { id email } } } }
        Submissions(where: { id: { equals: ${submission.id} } }) { docs { student { id email } gradedBy { id email } } }
        Certificates(where: { id: { equals: ${certificate.id} } }) { docs { holder { id email } revokedBy { id email } } }
      }`,
      {},
      { token },
    )
    expect(gql.errors).toBeUndefined()
    expect(gql.data).toMatchObject({
      Enrollments: { docs: [{ user: { id: learner.id, email: learner.email } }] },
      Submissions: { docs: [{ student: { id: learner.id, email: learner.email } }] },
      Certificates: { docs: [{ holder: { id: learner.id, email: learner.email } }] },
    })
    expect(emailsIn(gql.data)).toEqual([learner.email])
  })
})

describe('admin panel', () => {
  it('should admit staff and keep students out', async () => {
    const canAccessAdmin = async (person: Persona) =>
      // Payload omits the flag when it is false.
      ((await (await app.api.get('/api/access', { token: await tokenOf(person) })).json()) as { canAccessAdmin?: boolean }).canAccessAdmin ?? false
    expect(await canAccessAdmin(north.admin)).toBe(true)
    expect(await canAccessAdmin(north.instructor)).toBe(true)
    expect(await canAccessAdmin(root)).toBe(true)
    expect(await canAccessAdmin(north.student)).toBe(false)
  })
})

describe('anonymous', () => {
  it('should read no people and create none through the collection', async () => {
    expect((await app.api.get('/api/users')).status).toBe(403)
    const create = await app.api.post('/api/users', { body: { name: 'Anon', email: `anon-${id}@x.example`, password: PASSWORD } })
    expect(create.status).toBe(403)
  })
})
