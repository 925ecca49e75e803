/**
 * Seeds the e2e database: the platform operator, then two schools with one person
 * per role. Run by globalSetup through runScript (tsx, DATABASE_URI set), in its
 * own process so its Payload instance is not the server's.
 */
import config from '@payload-config'
import fs from 'node:fs'
import path from 'node:path'
import { getPayload } from 'payload'

import type { FixtureSchool, Fixtures } from './fixtures'

import { buildManifest } from '../fuzz/manifest'
import { createCourse } from '../helpers/courses'
import { createPerson, createSchool, createSuperAdmin, PASSWORD, type School } from '../helpers/personas'
import { FIXTURES_FILE, MANIFEST_FILE, SCHOOL_SLUGS } from './fixtures'

const person = (persona: School['admin']) => ({ id: persona.id, email: persona.email, name: persona.name })

const describeSchool = (school: School): FixtureSchool => ({
  tenant: { id: school.tenant.id, slug: school.tenant.slug, name: school.tenant.name },
  admin: person(school.admin),
  instructor: person(school.instructor),
  student: person(school.student),
  otherStudent: person(school.otherStudent),
})

const payload = await getPayload({ config })
try {
  // The first account of a fresh install becomes super-admin: the operator comes
  // first, as on a real install, so the schools' people get only their tenant roles.
  const operator = await createSuperAdmin(payload, 'e2e')
  const north = await createSchool(payload, SCHOOL_SLUGS.north)
  const south = await createSchool(payload, SCHOOL_SLUGS.south)
  // North sells a course; its buyer is a student of its own, so the purchase shows in no other spec.
  const price = { amount: 4900, currency: 'USD' }
  const paid = await createCourse(payload, north.tenant.id, {
    title: 'Bookkeeping for small shops',
    slug: 'bookkeeping-for-small-shops',
    enrollmentPolicy: 'paid',
    price,
  })
  const buyer = await createPerson(payload, {
    email: `buyer@${SCHOOL_SLUGS.north}.example`,
    name: 'Bashir Buyer',
    tenants: [{ tenant: north.tenant.id, roles: ['student'] }],
  })
  const fixtures: Fixtures = {
    password: PASSWORD,
    operator: person(operator),
    north: describeSchool(north),
    south: describeSchool(south),
    payments: {
      course: { id: paid.id, slug: paid.slug, title: paid.title, lessons: (paid.sections ?? []).flatMap((s) => (s.lessons ?? []).map((l) => l.title ?? '')) },
      price,
      buyer: person(buyer),
    },
  }
  // The fuzz test's own school: documents its malformed updates may hit without touching the others'.
  const fuzz = await createSchool(payload, SCHOOL_SLUGS.fuzz)
  const fuzzCourse = await createCourse(payload, fuzz.tenant.id, { instructors: [fuzz.instructor.id] })
  const fuzzDocs: Record<string, number> = {
    tenants: fuzz.tenant.id,
    users: fuzz.otherStudent.id,
    courses: fuzzCourse.id,
    tags: (await payload.create({ collection: 'tags', data: { name: 'Fuzz', slug: 'fuzz', tenant: fuzz.tenant.id }, overrideAccess: true })).id,
    categories: (await payload.create({ collection: 'categories', data: { name: 'Fuzz', slug: 'fuzz', tenant: fuzz.tenant.id }, overrideAccess: true })).id,
    enrollments: (await payload.create({ collection: 'enrollments', data: { user: fuzz.student.id, course: fuzzCourse.id, status: 'active', source: 'staff' }, overrideAccess: true })).id,
  }
  fs.mkdirSync(path.dirname(FIXTURES_FILE), { recursive: true })
  fs.writeFileSync(MANIFEST_FILE, `${JSON.stringify({ manifest: buildManifest(payload.config), existing: fuzzDocs }, null, 2)}\n`)
  fs.writeFileSync(FIXTURES_FILE, `${JSON.stringify(fixtures, null, 2)}\n`)
} finally {
  await payload.destroy()
}
process.exit(0)
