import type { PayloadRequest } from 'payload'

import type { Course } from '@/payload-types'

import { APIError, createLocalReq } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { isCourseStaff } from '@/domain/identity/staff'
import { analyticsOverview } from '@/domain/analytics/analyticsOverview'
import { courseAnalyticsFor } from '@/http/courseAnalyticsFor'
import { selectedTenant } from '@/tenancy/selectedTenant'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import { createPerson, createSchool, createSuperAdmin, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
let otherInstructor: Persona
let root: Persona
/** North's courses: one the fixture instructor teaches, one another instructor teaches; and one of south. */
let taught: Course
let notTaught: Course
let southern: Course
const id = uniq()
const DAY = 86_400_000

/**
 * A request as the admin panel builds one for its pages: the person authenticated from
 * their headers (a JWT here, the session cookie there), plus any cookie sent along.
 */
const requestOf = async (person: Persona, cookie?: string): Promise<PayloadRequest> => {
  const headers = new Headers({ authorization: `JWT ${await app.api.tokenOf(person)}`, ...(cookie ? { cookie } : {}) })
  const { user } = await app.payload.auth({ headers })
  return createLocalReq({ user: user ?? undefined, req: { headers } }, app.payload)
}

/** The overview as the admin view asks for it: narrowed to the tenant the selector's cookie names. */
const overviewFor = async (req: PayloadRequest) => analyticsOverview({ req, atRiskDays: 14, tenant: selectedTenant(req) })

const listed = async (person: Persona, cookie?: string): Promise<number[]> =>
  (await overviewFor(await requestOf(person, cookie))).courses.map((c) => c.course.id).sort()

/** What the shared check answers through the service: 200, or the APIError's status. */
const serviceStatus = async (person: Persona, course: Course): Promise<number> =>
  courseAnalyticsFor({ req: await requestOf(person), courseId: course.id, atRiskDays: 14 }).then(
    () => 200,
    (error: unknown) => (error instanceof APIError ? error.status : 500),
  )

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `pa-n-${id}`)
  south = await createSchool(app.payload, `pa-s-${id}`)
  otherInstructor = await createPerson(app.payload, { email: `teacher-${id}@example.com`, tenants: [{ tenant: north.tenant.id, roles: ['instructor'] }] })
  root = await createSuperAdmin(app.payload, `pa-${id}`)
  taught = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
  notTaught = await createCourse(app.payload, north.tenant.id, { instructors: [otherInstructor.id] })
  southern = await createCourse(app.payload, south.tenant.id, { instructors: [south.instructor.id] })
  const enrollment = await app.payload.create({
    collection: 'enrollments',
    data: { user: north.student.id, course: taught.id, status: 'active', source: 'staff' },
    overrideAccess: true,
  })
  // Idle for three weeks: at risk at the default threshold.
  await app.payload.update({ collection: 'enrollments', id: enrollment.id, data: { activatedAt: new Date(Date.now() - 21 * DAY).toISOString() }, overrideAccess: true })
})

afterAll(() => app.close())

describe('progress analytics for staff', () => {
  it('should list for each person exactly the courses they look after', async () => {
    expect(await listed(north.instructor)).toEqual([taught.id])
    expect(await listed(otherInstructor)).toEqual([notTaught.id])
    expect(await listed(north.admin)).toEqual([taught.id, notTaught.id].sort())
    expect(await listed(south.admin)).toEqual([southern.id])
    expect(await listed(north.student)).toEqual([])
    // A super-admin sees every school; the tenant selector's cookie narrows it to one.
    const everything = await overviewFor(await requestOf(root))
    expect(everything.totalDocs).toBeGreaterThanOrEqual(3)
    expect(await listed(root, `payload-tenant=${north.tenant.id}`)).toEqual([taught.id, notTaught.id].sort())
  })

  it('should let the selected tenant narrow the list, never widen it', async () => {
    expect(await listed(north.admin, `payload-tenant=${north.tenant.id}`)).toEqual([taught.id, notTaught.id].sort())
    // A tenant the person does not belong to is ignored, not obeyed.
    expect(await listed(north.admin, `payload-tenant=${south.tenant.id}`)).toEqual([taught.id, notTaught.id].sort())
    expect(await listed(north.student, `payload-tenant=${north.tenant.id}`)).toEqual([])
  })

  it('should judge the list and a single course by the same rule', async () => {
    for (const person of [north.instructor, otherInstructor, north.admin, south.admin, north.student, root]) {
      const req = await requestOf(person, `payload-tenant=${north.tenant.id}`)
      const inList = new Set((await overviewFor(req)).courses.map((c) => c.course.id))
      for (const course of [taught, notTaught]) {
        expect(await isCourseStaff(await requestOf(person), { tenant: course.tenant, course: course.id }), `${person.email} on ${course.id}`).toBe(inList.has(course.id))
      }
    }
  })

  it('should refuse a course in the service exactly as the endpoint does', async () => {
    for (const person of [north.instructor, otherInstructor, north.admin, south.admin, north.student, root]) {
      for (const course of [taught, southern]) {
        const response = await app.api.get(`/api/courses/${course.id}/analytics`, { token: await app.api.tokenOf(person) })
        expect(await serviceStatus(person, course), `${person.email} on ${course.id}`).toBe(response.status)
      }
    }
    // Spot checks of what that shared answer is.
    expect(await serviceStatus(north.instructor, taught)).toBe(200)
    expect(await serviceStatus(otherInstructor, taught)).toBe(403)
    expect(await serviceStatus(north.student, taught)).toBe(403)
    expect(await serviceStatus(south.admin, taught)).toBe(404)
  })

  it('should give the overview the figures of the course endpoint, causes of risk included', async () => {
    const response = await app.api.get(`/api/courses/${taught.id}/analytics?atRiskDays=14`, { token: await app.api.tokenOf(north.instructor) })
    const fromEndpoint = (await response.json()) as Record<string, unknown>
    const [fromOverview] = (await overviewFor(await requestOf(north.instructor))).courses
    expect(fromOverview).toEqual(fromEndpoint)
    expect(fromOverview?.studentsAtRisk).toEqual([
      expect.objectContaining({ email: north.student.email, reasons: ['no activity for 21 days'], causes: [{ kind: 'inactive', days: 21 }] }),
    ])
  })
})
