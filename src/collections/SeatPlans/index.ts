import type { CollectionConfig } from 'payload'

import { createInOwnTenant } from '@/access/createInOwnTenant'
import { schoolAdmins } from '@/domain/identity/staff'
import { COURSES, SEAT_PLANS } from '@/shared/slugs'

/** Seats a school sells to organisations: a bundle of courses, priced per seat and period, billed by Stripe as a subscription. */
export const SeatPlans: CollectionConfig = {
  slug: SEAT_PLANS,
  admin: { group: 'Payments', useAsTitle: 'name', defaultColumns: ['name', 'pricePerSeat', 'currency', 'interval', 'active'] },
  // Managers buy a plan through the seat checkout, which names it by id; the list is the school's admins'.
  access: { read: schoolAdmins, create: createInOwnTenant(SEAT_PLANS), update: schoolAdmins, delete: schoolAdmins },
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: 200 },
    { name: 'courses', type: 'relationship', relationTo: COURSES, hasMany: true, required: true, minRows: 1, maxRows: 50 },
    {
      type: 'row',
      fields: [
        { name: 'pricePerSeat', type: 'number', required: true, min: 1, max: 100_000_000, admin: { description: "Per seat and period, in the currency's smallest unit." } },
        { name: 'currency', type: 'text', required: true, maxLength: 3, defaultValue: 'USD' },
        { name: 'interval', type: 'select', required: true, defaultValue: 'month', options: ['month', 'year'].map((value) => ({ label: value, value })) },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'minSeats', type: 'number', min: 1, defaultValue: 1 },
        { name: 'maxSeats', type: 'number', min: 1, defaultValue: 1000 },
        { name: 'active', type: 'checkbox', defaultValue: true },
      ],
    },
  ],
}
