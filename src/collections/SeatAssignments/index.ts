import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { ownerOrSchoolAdmins } from '@/access/ownerOrSchoolAdmins'
import { recordSeatAssignmentEvents } from '@/domain/payments/seats/events'
import { emitEvents } from '@/hooks/emitEvents'
import { SEAT_ASSIGNMENTS, SEAT_SUBSCRIPTIONS, USERS } from '@/shared/slugs'

/** Who holds a seat of a subscription, and since when; written by the seats domain, every change in the audit trail. */
export const SeatAssignments: CollectionConfig = {
  slug: SEAT_ASSIGNMENTS,
  admin: { group: 'Payments', useAsTitle: 'title', defaultColumns: ['title', 'status', 'assignedAt', 'freedAt'] },
  access: { read: ownerOrSchoolAdmins('manager'), create: nobody, update: nobody, delete: nobody },
  indexes: [{ fields: ['subscription', 'person', 'status'] }],
  hooks: { afterChange: [emitEvents(recordSeatAssignmentEvents)] },
  fields: [
    { name: 'title', type: 'text' },
    { name: 'subscription', type: 'relationship', relationTo: SEAT_SUBSCRIPTIONS, required: true, index: true },
    { name: 'manager', type: 'relationship', relationTo: USERS, required: true, index: true, admin: { description: "The subscription's manager, who sees it." } },
    { name: 'person', type: 'relationship', relationTo: USERS, required: true, index: true },
    { name: 'status', type: 'select', required: true, defaultValue: 'active', options: ['active', 'freed'].map((value) => ({ label: value, value })) },
    { name: 'assignedBy', type: 'relationship', relationTo: USERS },
    { name: 'assignedAt', type: 'date', required: true },
    { name: 'freedAt', type: 'date' },
    { name: 'enrollments', type: 'json', admin: { description: 'The enrollments this seat made: they end with it, and are suspended and restored with its subscription.' } },
  ],
}
