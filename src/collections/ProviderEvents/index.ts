import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { PAYMENTS_DESCRIPTIONS } from '@/admin/payments/strings'
import { superAdminOnly } from '@/domain/identity/isSuperAdmin'
import { EVENT_SOURCES } from '@/domain/payments/status'
import { PROVIDER_EVENTS, TENANTS } from '@/shared/slugs'

/**
 * Every webhook event a payment provider sent, recorded once by its id before anything is done
 * with it: a duplicate or a replay finds its record and changes nothing; one that could not be
 * applied is tried again by the payments job.
 */
export const ProviderEvents: CollectionConfig = {
  slug: PROVIDER_EVENTS,
  admin: {
    group: 'Payments',
    useAsTitle: 'eventId',
    description: PAYMENTS_DESCRIPTIONS.providerEvents,
    defaultColumns: ['eventId', 'provider', 'type', 'status', 'attempts', 'school', 'outcome', 'receivedAt'],
    listSearchableFields: ['eventId', 'type'],
  },
  access: { read: superAdminOnly, create: nobody, update: nobody, delete: nobody },
  indexes: [{ fields: ['provider', 'eventId'], unique: true }],
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'provider', type: 'select', required: true, options: EVENT_SOURCES.map((value) => ({ label: value, value })) },
        { name: 'eventId', type: 'text', required: true },
        { name: 'type', type: 'text', required: true },
      ],
    },
    { name: 'school', type: 'relationship', relationTo: TENANTS, index: true },
    { name: 'account', type: 'text', admin: { description: 'The Stripe connected account the event is about, if any.' } },
    {
      type: 'row',
      fields: [
        { name: 'status', type: 'select', required: true, defaultValue: 'received', index: true, options: ['received', 'applied', 'ignored', 'failed'].map((value) => ({ label: value, value })) },
        { name: 'attempts', type: 'number', required: true, defaultValue: 0 },
        { name: 'outcome', type: 'text', admin: { description: 'What applying it did, or why it failed.' } },
      ],
    },
    { name: 'payload', type: 'json', required: true },
    { name: 'receivedAt', type: 'date', required: true },
    { name: 'appliedAt', type: 'date' },
  ],
}
