import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { isSuperAdmin, superAdminOnly } from '@/domain/identity/isSuperAdmin'
import { DOMAIN_EVENTS, EVENT_RECEIPTS } from '@/shared/slugs'

/**
 * What each subscriber has done with each event: written in the subscriber's own transaction,
 * so a crash or a second worker never hands an event twice to the same subscriber. The
 * platform's view of stuck and failed deliveries to subscribers.
 */
export const EventReceipts: CollectionConfig = {
  slug: EVENT_RECEIPTS,
  labels: { singular: 'Event receipt', plural: 'Event receipts' },
  admin: {
    group: 'Integrations',
    hidden: ({ user }) => !isSuperAdmin(user),
    defaultColumns: ['subscriber', 'event', 'status', 'attempts', 'handledAt'],
    description: 'Which subscriber handled which event, and what failed.',
  },
  access: { read: superAdminOnly, create: nobody, update: nobody, delete: nobody },
  disableDuplicate: true,
  indexes: [{ fields: ['subscriber', 'event'], unique: true }],
  fields: [
    { name: 'subscriber', type: 'text', required: true },
    { name: 'event', type: 'relationship', relationTo: DOMAIN_EVENTS, required: true, index: true },
    {
      name: 'status',
      type: 'select',
      required: true,
      options: [
        { label: 'done', value: 'done' },
        { label: 'retrying', value: 'retrying' },
        { label: 'failed', value: 'failed' },
      ],
    },
    { name: 'attempts', type: 'number', required: true, defaultValue: 1 },
    { name: 'nextAttemptAt', type: 'date' },
    { name: 'lastError', type: 'text' },
    { name: 'handledAt', type: 'date', required: true },
  ],
  timestamps: false,
}
