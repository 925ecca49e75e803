import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { ownerOrSchoolAdmins } from '@/access/ownerOrSchoolAdmins'
import { recordSeatSubscriptionEvents } from '@/domain/payments/seats/events'
import { SEAT_SUBSCRIPTION_STATUSES } from '@/domain/payments/seats/status'
import { emitEvents } from '@/hooks/emitEvents'
import { ORDERS, SEAT_PLANS, SEAT_SUBSCRIPTIONS, USERS } from '@/shared/slugs'

import { assignSeat, freeSeat, startSeatCheckout } from './endpoints/seats'

/**
 * An organisation's seats on a plan, billed by Stripe as a subscription. Its manager assigns and
 * frees seats; Stripe's invoices and subscription events keep its state; a lapsed one suspends
 * its seats' enrollments after a grace period and restores them when paid.
 */
export const SeatSubscriptions: CollectionConfig = {
  slug: SEAT_SUBSCRIPTIONS,
  admin: { group: 'Payments', useAsTitle: 'organisation', defaultColumns: ['organisation', 'plan', 'seats', 'status', 'currentPeriodEnd', 'graceUntil'] },
  access: { read: ownerOrSchoolAdmins('manager'), create: nobody, update: nobody, delete: nobody },
  endpoints: [startSeatCheckout, assignSeat, freeSeat],
  hooks: { afterChange: [emitEvents(recordSeatSubscriptionEvents)] },
  fields: [
    { name: 'organisation', type: 'text', required: true, maxLength: 200 },
    { name: 'plan', type: 'relationship', relationTo: SEAT_PLANS, required: true },
    { name: 'manager', type: 'relationship', relationTo: USERS, required: true, index: true },
    {
      type: 'row',
      fields: [
        { name: 'seats', type: 'number', required: true, min: 1 },
        { name: 'status', type: 'select', required: true, defaultValue: 'pending', index: true, options: SEAT_SUBSCRIPTION_STATUSES.map((value) => ({ label: value, value })) },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'currentPeriodEnd', type: 'date' },
        { name: 'graceUntil', type: 'date', admin: { description: 'Unpaid: its seats are suspended after this.' } },
        { name: 'suspendedAt', type: 'date' },
      ],
    },
    { name: 'order', type: 'relationship', relationTo: ORDERS, admin: { description: 'The first order, which started the subscription.' } },
    {
      name: 'stripe',
      type: 'group',
      fields: [
        { name: 'checkoutSession', type: 'text', index: true },
        { name: 'subscription', type: 'text', index: true },
        { name: 'customer', type: 'text' },
      ],
    },
  ],
}
