/**
 * A seat subscription's states: waiting for its first payment, paid up, behind with a payment
 * (seats kept until the grace period ends), lapsed (seats suspended), or cancelled (seats
 * suspended once the grace period ends, for good).
 */
export const SEAT_SUBSCRIPTION_STATUSES = ['pending', 'active', 'past-due', 'lapsed', 'cancelled'] as const
export type SeatSubscriptionStatus = (typeof SEAT_SUBSCRIPTION_STATUSES)[number]

/** Subscriptions whose seats may be assigned. */
export const ASSIGNABLE: readonly SeatSubscriptionStatus[] = ['active', 'past-due']
