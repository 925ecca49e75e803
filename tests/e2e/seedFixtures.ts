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

import { createSchool, createSuperAdmin, PASSWORD, type School } from '../helpers/personas'
import { FIXTURES_FILE, SCHOOL_SLUGS } from './fixtures'

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
  const fixtures: Fixtures = {
    password: PASSWORD,
    operator: person(operator),
    north: describeSchool(north),
    south: describeSchool(south),
  }
  fs.mkdirSync(path.dirname(FIXTURES_FILE), { recursive: true })
  fs.writeFileSync(FIXTURES_FILE, `${JSON.stringify(fixtures, null, 2)}\n`)
} finally {
  await payload.destroy()
}
process.exit(0)
