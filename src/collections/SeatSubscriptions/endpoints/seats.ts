import type { Endpoint, PayloadRequest } from 'payload'

import type { SeatSubscription } from '@/payload-types'

import { APIError } from 'payload'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { activeMemberships } from '@/domain/identity/memberships'
import { adminTenants } from '@/domain/identity/staff'
import { assignSeat as assign, freeSeat as free } from '@/domain/payments/seats/assignSeats'
import { startSeatCheckout as start } from '@/domain/payments/seats/seatCheckout'
import { optionalJsonBody, readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { relationId } from '@/shared/relationId'
import { SEAT_PLANS, SEAT_SUBSCRIPTIONS } from '@/shared/slugs'

const positiveId = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= 2_147_483_647 ? value : undefined)

/** The subscription's manager, or the school's admins, manage its seats. */
const forManager = async (req: PayloadRequest): Promise<{ subscription: SeatSubscription; by: number }> => {
  const person = requirePerson(req, 'manage seats')
  const subscription = await readableOr404(req, SEAT_SUBSCRIPTIONS, routeId(req, 'id', 'seat subscription'), 'seat subscription')
  if (relationId(subscription.manager) !== person.id && !isSuperAdmin(req.user) && !(await adminTenants(req)).includes(relationId(subscription.tenant) ?? -1)) {
    throw new APIError("Only the organisation's manager and the school's admins manage its seats.", 403)
  }
  return { subscription, by: person.id }
}

/** `POST /api/seat-subscriptions/checkout` `{ plan, seats, organisation }`: a manager buys seats; answers where to pay. */
export const startSeatCheckout: Endpoint = {
  path: '/checkout',
  method: 'post',
  handler: async (req) => {
    const person = requirePerson(req, 'buy seats')
    const body = await optionalJsonBody(req)
    const planId = positiveId(body.plan)
    if (planId === undefined) {
      throw new APIError('"plan" must be the id of a seat plan.', 400)
    }
    if (typeof body.seats !== 'number' || !Number.isSafeInteger(body.seats)) {
      throw new APIError('"seats" must be a whole number.', 400)
    }
    if (typeof body.organisation !== 'string' || body.organisation.trim() === '' || body.organisation.length > 200) {
      throw new APIError('"organisation" names the buying organisation (at most 200 characters).', 400)
    }
    // Plans are not listed to members; a member of the plan's school buys it by id, anyone else finds nothing.
    const plan = await req.payload.findByID({ collection: SEAT_PLANS, id: planId, depth: 0, overrideAccess: true, disableErrors: true, req })
    if (!plan || !(await activeMemberships(req)).some((m) => m.tenantId === relationId(plan.tenant))) {
      throw new APIError('No such seat plan.', 404)
    }
    const { subscription, order, redirectUrl } = await start({
      req,
      person: { id: person.id, email: person.email ?? '' },
      plan,
      seats: body.seats,
      organisation: body.organisation.trim(),
      idempotencyKey: req.headers.get('idempotency-key') ?? undefined,
      locale: req.locale ?? undefined,
    })
    return Response.json({ subscription: { id: subscription.id, status: subscription.status, seats: subscription.seats }, order: { id: order.id, reference: order.reference, total: order.total, currency: order.currency }, next: { redirectUrl } }, { status: 201 })
  },
}

/** `POST /api/seat-subscriptions/:id/assign` `{ person }`: gives a seat to a member of the school. */
export const assignSeat: Endpoint = {
  path: '/:id/assign',
  method: 'post',
  handler: async (req) => {
    const { subscription, by } = await forManager(req)
    const body = await optionalJsonBody(req)
    const personId = positiveId(body.person)
    if (personId === undefined) {
      throw new APIError('"person" must be the id of a member of the school.', 400)
    }
    const doc = await assign({ req, subscriptionId: subscription.id, personId, by })
    return Response.json({ message: 'Seat given.', doc }, { status: 201 })
  },
}

/** `POST /api/seat-subscriptions/:id/free` `{ assignment }`: takes a seat back. */
export const freeSeat: Endpoint = {
  path: '/:id/free',
  method: 'post',
  handler: async (req) => {
    const { subscription } = await forManager(req)
    const body = await optionalJsonBody(req)
    const assignmentId = positiveId(body.assignment)
    if (assignmentId === undefined) {
      throw new APIError('"assignment" must be the id of a seat of this subscription.', 400)
    }
    const doc = await free({ req, subscriptionId: subscription.id, assignmentId })
    return Response.json({ message: 'Seat freed.', doc })
  },
}
