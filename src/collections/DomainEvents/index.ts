import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { EVENT_TYPES } from '@/domain/events/catalog'
import { schoolAdmins } from '@/domain/identity/staff'
import { DOMAIN_EVENTS, USERS } from '@/shared/slugs'

/**
 * The outbox: one row per domain event, written in the transaction of the change that caused it
 * (src/domain/events/recordEvent.ts), handed to subscribers by the dispatcher. Append-only.
 */
export const DomainEvents: CollectionConfig = {
  slug: DOMAIN_EVENTS,
  labels: { singular: 'Event', plural: 'Events' },
  admin: {
    group: 'Integrations',
    useAsTitle: 'type',
    defaultColumns: ['occurredAt', 'type', 'subjectCollection', 'subjectId', 'actorLabel'],
    listSearchableFields: ['type', 'subjectId'],
    description: 'What happened in the school, as integrations and notifications receive it (docs/events.md).',
  },
  access: { read: schoolAdmins, create: nobody, update: nobody, delete: nobody },
  disableDuplicate: true,
  defaultSort: '-occurredAt',
  indexes: [{ fields: ['subjectCollection', 'subjectId'] }],
  fields: [
    { name: 'type', type: 'text', required: true, index: true, admin: { description: EVENT_TYPES.join(', ') } },
    { name: 'version', type: 'number', required: true },
    { name: 'subjectCollection', type: 'text', required: true },
    { name: 'subjectId', type: 'text', required: true },
    { name: 'actor', type: 'relationship', relationTo: USERS },
    { name: 'actorLabel', type: 'text', admin: { description: 'Who made the change: a person\'s email, an API key, or "system".' } },
    { name: 'payload', type: 'json', required: true },
    { name: 'occurredAt', type: 'date', required: true, index: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
  ],
  timestamps: false,
}
