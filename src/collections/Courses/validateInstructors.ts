import type { Validate } from 'payload'

import { listMemberships } from '@/domain/identity/memberships'
import { USERS } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'

/** Instructors must hold the instructor role, unsuspended, in the course's own school. */
export const validateInstructors: Validate = async (value, { data, req }) => {
  const wanted = [...new Set((Array.isArray(value) ? value : []).map(relationId).filter((id) => id !== undefined))]
  const tenant = relationId((data as { tenant?: unknown }).tenant)
  if (wanted.length === 0 || tenant === undefined) {
    return true
  }
  const found = await req.payload.find({
    collection: USERS,
    where: { id: { in: wanted } },
    pagination: false,
    depth: 0,
    select: { tenants: true },
    overrideAccess: true,
    req,
  })
  const teachers = new Set(
    found.docs
      .filter((user) =>
        listMemberships(user).some((m) => m.tenantId === tenant && !m.suspended && m.roles.includes('instructor')),
      )
      .map((user) => user.id),
  )
  const refused = wanted.filter((id) => !teachers.has(id))
  return refused.length === 0 ? true : `Only instructors of this school can teach its courses (refused: ${refused.join(', ')}).`
}
