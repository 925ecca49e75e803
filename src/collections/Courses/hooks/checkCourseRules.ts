import type { CollectionBeforeChangeHook } from 'payload'

import type { Course } from '@/payload-types'

import { ValidationError } from 'payload'

import { tenantsWhereUserIs } from '@/domain/identity/memberships'
import { COURSES } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'

type Problem = { path: string; message: string }

const before = (a: string | null | undefined, b: string | null | undefined): boolean =>
  Boolean(a && b && new Date(a).getTime() >= new Date(b).getTime())

/**
 * Rules that span fields: dates in order, price and policy agreeing, prerequisites of
 * the same school and not the course itself. An instructor creating a course teaches it.
 */
export const checkCourseRules: CollectionBeforeChangeHook<Course> = async ({ data, originalDoc, operation, req }) => {
  const merged = { ...originalDoc, ...data } as Course
  const problems: Problem[] = []
  if (before(merged.enrollmentOpensAt, merged.enrollmentClosesAt)) {
    problems.push({ path: 'enrollmentClosesAt', message: 'Enrollment must close after it opens.' })
  }
  if (before(merged.startsAt, merged.endsAt)) {
    problems.push({ path: 'endsAt', message: 'The course must end after it starts.' })
  }
  const amount = merged.price?.amount ?? 0
  if (merged.enrollmentPolicy === 'paid' && !(amount > 0 && merged.price?.currency)) {
    problems.push({ path: 'price.amount', message: 'A paid course needs a price above zero and a currency.' })
  }
  if (merged.enrollmentPolicy !== 'paid' && amount > 0) {
    problems.push({ path: 'enrollmentPolicy', message: 'A course with a price uses the "paid" enrollment policy.' })
  }
  const prerequisites = (merged.prerequisites ?? []).map(relationId)
  if (originalDoc?.id !== undefined && prerequisites.includes(originalDoc.id)) {
    problems.push({ path: 'prerequisites', message: 'A course cannot be its own prerequisite.' })
  }
  if (problems.length > 0) {
    throw new ValidationError({ collection: COURSES, errors: problems })
  }

  if (operation === 'create' && req.user && (data.instructors ?? []).length === 0) {
    const tenant = relationId(data.tenant)
    const teachesThere = tenant !== undefined && (await tenantsWhereUserIs(req, ['instructor'])).includes(tenant)
    if (teachesThere) {
      data.instructors = [req.user.id as number]
    }
  }
  return data
}
