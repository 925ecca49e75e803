import type { PayloadRequest } from 'payload'

import type { Enrollment } from '@/payload-types'

import { isCourseStaff } from '@/domain/identity/staff'
import { forbidden, conflict } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { ENROLLMENTS } from '@/shared/slugs'

import { actingAs } from './rules'
import { DECISIONS, type DecisionName, type EnrollmentActor } from './status'

/**
 * A person takes a named decision on an enrollment they can read: staff approve, reject or
 * cancel; the enrolled person cancels their own. Who may is the status machine's `DECISIONS`.
 */
export const decideEnrollment = async ({
  req,
  personId,
  enrollment,
  decision,
  note,
}: {
  req: PayloadRequest
  personId: number
  enrollment: Enrollment
  decision: DecisionName
  note?: string
}): Promise<Enrollment> => {
  const rule = DECISIONS[decision]
  const by: readonly EnrollmentActor[] = rule.by
  const isStaff = await isCourseStaff(req, { tenant: enrollment.tenant, course: relationId(enrollment.course) })
  const actor: EnrollmentActor | undefined = isStaff ? 'staff' : relationId(enrollment.user) === personId && by.includes('owner') ? 'owner' : undefined
  if (!actor || !by.includes(actor)) {
    throw forbidden(`Only the course's instructors and the school's admins can ${decision} this enrollment.`)
  }
  const from: readonly Enrollment['status'][] = rule.from
  if (!from.includes(enrollment.status)) {
    throw conflict(`This enrollment is ${enrollment.status}; only ${from.join(' or ')} enrollments can be ${rule.done}.`)
  }
  return actingAs(req, actor, () =>
    req.payload.update({
      collection: ENROLLMENTS,
      id: enrollment.id,
      data: { status: rule.to, decidedBy: personId, ...(note !== undefined ? { note } : {}) },
      depth: 0,
      overrideAccess: true,
      req,
    }),
  )
}
