import type { PayloadRequest } from 'payload'

import type { SeatAssignment, SeatPlan } from '@/payload-types'

import { enrollmentOf } from '@/domain/enrollment/enrollmentOf'
import { actingAs } from '@/domain/enrollment/rules'
import { HOLDING_PLACE } from '@/domain/enrollment/status'
import { relationId } from '@/shared/relationId'
import { ENROLLMENTS } from '@/shared/slugs'

/**
 * Gives a seat holder a place in each course of the plan, and returns the enrollments the seat
 * made (one they already had, by buying or by staff, stays theirs and is not the seat's to end).
 * A full course refuses, and the caller's transaction takes back the rest.
 */
export const enrollSeatHolder = async (req: PayloadRequest, plan: SeatPlan, person: number): Promise<number[]> => {
  const made: number[] = []
  for (const course of (plan.courses ?? []).map(relationId).filter((c): c is number => c !== undefined)) {
    const existing = await enrollmentOf(req, person, course)
    if (existing && HOLDING_PLACE.includes(existing.status)) {
      continue
    }
    const enrollment = await actingAs(req, 'system', () =>
      existing
        ? req.payload.update({ collection: ENROLLMENTS, id: existing.id, data: { status: 'active', source: 'payment' }, depth: 0, overrideAccess: true, req })
        : req.payload.create({ collection: ENROLLMENTS, data: { user: person, course, status: 'active', source: 'payment' }, depth: 0, overrideAccess: true, req }),
    )
    made.push(enrollment.id)
  }
  return made
}

/** The seat's own enrollments, as recorded on its assignment. */
export const seatEnrollments = (assignment: SeatAssignment): number[] => (Array.isArray(assignment.enrollments) ? (assignment.enrollments as number[]) : [])

/** Ends the seat's own enrollments that are running (freed seat, suspended subscription). */
export const endSeatEnrollments = async (req: PayloadRequest, assignment: SeatAssignment, note: string): Promise<void> => {
  for (const id of seatEnrollments(assignment)) {
    const enrollment = await req.payload.findByID({ collection: ENROLLMENTS, id, depth: 0, overrideAccess: true, disableErrors: true, req })
    if (enrollment && (enrollment.status === 'active' || enrollment.status === 'pending')) {
      await actingAs(req, 'system', () => req.payload.update({ collection: ENROLLMENTS, id, data: { status: 'cancelled', note }, depth: 0, overrideAccess: true, req }))
    }
  }
}

/** Takes the seat's own suspended enrollments up again when the subscription is paid (progress kept). */
export const restoreSeatEnrollments = async (req: PayloadRequest, assignment: SeatAssignment): Promise<void> => {
  for (const id of seatEnrollments(assignment)) {
    const enrollment = await req.payload.findByID({ collection: ENROLLMENTS, id, depth: 0, overrideAccess: true, disableErrors: true, req })
    if (enrollment?.status === 'cancelled') {
      await actingAs(req, 'system', () => req.payload.update({ collection: ENROLLMENTS, id, data: { status: 'active', note: null }, depth: 0, overrideAccess: true, req }))
    }
  }
}
