import type { PayloadRequest } from 'payload'

import type { SeatAssignment, SeatSubscription } from '@/payload-types'

import { recordEvent } from '@/domain/events/recordEvent'
import { relationId } from '@/shared/relationId'
import { SEAT_ASSIGNMENTS, SEAT_SUBSCRIPTIONS } from '@/shared/slugs'

/** A subscription whose status, seats or suspension changed is an event; other saves (Stripe's ids) are not. */
export const recordSeatSubscriptionEvents = async ({ req, doc, previous }: { req: PayloadRequest; doc: SeatSubscription; previous: SeatSubscription | undefined }): Promise<void> => {
  if (!previous || (previous.status === doc.status && previous.seats === doc.seats && Boolean(previous.suspendedAt) === Boolean(doc.suspendedAt))) {
    return
  }
  await recordEvent(req, {
    type: 'seats.subscription-changed',
    tenant: relationId(doc.tenant) ?? null,
    subject: { collection: SEAT_SUBSCRIPTIONS, id: doc.id },
    payload: { subscription: doc.id, organisation: doc.organisation, manager: relationId(doc.manager)!, status: doc.status, previousStatus: previous.status, seats: doc.seats, suspended: Boolean(doc.suspendedAt), graceUntil: doc.graceUntil ?? null },
  })
}

/** A seat given or freed. */
export const recordSeatAssignmentEvents = async ({ req, doc, previous }: { req: PayloadRequest; doc: SeatAssignment; previous: SeatAssignment | undefined }): Promise<void> => {
  if (previous && previous.status === doc.status) {
    return
  }
  await recordEvent(req, {
    type: 'seats.assigned',
    tenant: relationId(doc.tenant) ?? null,
    subject: { collection: SEAT_ASSIGNMENTS, id: doc.id },
    payload: { subscription: relationId(doc.subscription)!, assignment: doc.id, person: relationId(doc.person)!, status: doc.status, by: relationId(doc.assignedBy) ?? null },
  })
}
