import type { PayloadRequest } from 'payload'

import type { SeatAssignment, SeatPlan, SeatSubscription } from '@/payload-types'

import { listMemberships } from '@/domain/identity/memberships'
import { inTransaction, LOCKS, lockFor } from '@/services/database/transactions'
import { conflict, invalid } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { SEAT_ASSIGNMENTS, SEAT_PLANS, SEAT_SUBSCRIPTIONS, USERS } from '@/shared/slugs'

import { endSeatEnrollments, enrollSeatHolder } from './seatEnrollments'
import { ASSIGNABLE } from './status'

/** The subscription, locked: seats are counted and given one change at a time. */
const lockedSubscription = async (req: PayloadRequest, id: number): Promise<SeatSubscription> => {
  await lockFor(req, LOCKS.seatSubscription, id)
  return req.payload.findByID({ collection: SEAT_SUBSCRIPTIONS, id, depth: 0, overrideAccess: true, req })
}

const activeAssignments = async (req: PayloadRequest, subscription: number) =>
  (await req.payload.find({ collection: SEAT_ASSIGNMENTS, where: { and: [{ subscription: { equals: subscription } }, { status: { equals: 'active' } }] }, pagination: false, depth: 0, overrideAccess: true, req })).docs

/**
 * The manager gives a seat to a member of the school: a place in every course of the plan, while
 * the subscription is paid up (or in its grace period) and has a seat free.
 */
export const assignSeat = async ({ req, subscriptionId, personId, by }: { req: PayloadRequest; subscriptionId: number; personId: number; by: number }): Promise<SeatAssignment> =>
  inTransaction(req, async () => {
    const subscription = await lockedSubscription(req, subscriptionId)
    if (!ASSIGNABLE.includes(subscription.status) || subscription.suspendedAt) {
      throw conflict(`This subscription is ${subscription.suspendedAt ? 'suspended' : subscription.status}: its seats cannot be given now.`)
    }
    const tenant = relationId(subscription.tenant)
    const person = await req.payload.findByID({ collection: USERS, id: personId, depth: 0, overrideAccess: true, disableErrors: true, req })
    if (!person || !listMemberships(person).some((m) => m.tenantId === tenant && !m.suspended)) {
      throw invalid('Seats go to members of the school: invite this person first.')
    }
    const taken = await activeAssignments(req, subscription.id)
    if (taken.some((a) => relationId(a.person) === personId)) {
      throw conflict('This person already holds a seat of this subscription.')
    }
    if (taken.length >= subscription.seats) {
      throw conflict(`All ${subscription.seats} seats are given. Free one, or buy more.`)
    }
    const plan = (await req.payload.findByID({ collection: SEAT_PLANS, id: relationId(subscription.plan)!, depth: 0, overrideAccess: true, req })) as SeatPlan
    const enrollments = await enrollSeatHolder(req, plan, personId)
    return req.payload.create({
      collection: SEAT_ASSIGNMENTS,
      data: { tenant: tenant!, title: `${person.name || person.email} — ${subscription.organisation}`.slice(0, 300), subscription: subscription.id, manager: relationId(subscription.manager)!, person: personId, status: 'active', assignedBy: by, assignedAt: new Date().toISOString(), enrollments },
      depth: 0,
      overrideAccess: true,
      req,
    })
  })

/** The manager takes a seat back: the seat's enrollments end, and the seat is free for someone else. */
export const freeSeat = async ({ req, subscriptionId, assignmentId }: { req: PayloadRequest; subscriptionId: number; assignmentId: number }): Promise<SeatAssignment> =>
  inTransaction(req, async () => {
    await lockedSubscription(req, subscriptionId)
    const assignment = await req.payload.findByID({ collection: SEAT_ASSIGNMENTS, id: assignmentId, depth: 0, overrideAccess: true, disableErrors: true, req })
    if (!assignment || relationId(assignment.subscription) !== subscriptionId) {
      throw invalid('No such seat in this subscription.')
    }
    if (assignment.status !== 'active') {
      throw conflict('This seat is free already.')
    }
    await endSeatEnrollments(req, assignment, 'Seat freed by the organisation.')
    return req.payload.update({ collection: SEAT_ASSIGNMENTS, id: assignment.id, data: { status: 'freed', freedAt: new Date().toISOString() }, depth: 0, overrideAccess: true, req })
  })
