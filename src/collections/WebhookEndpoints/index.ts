import type { CollectionConfig } from 'payload'

import { createInOwnTenant } from '@/access/createInOwnTenant'
import { systemOnly } from '@/access/systemOnly'
import { EVENT_TYPES } from '@/domain/events/catalog'
import { schoolAdmins } from '@/domain/identity/staff'
import { WEBHOOK_ENDPOINTS } from '@/shared/slugs'

import { rotateSecret, sendTestEvent } from './endpoints/actions'
import { checkEndpoint, showSecretOnce } from './hooks/secrets'
import { checkEventTypes } from './validateEventTypes'

/**
 * Where a school's events are delivered: a URL, the event types it wants, and the secret its
 * deliveries are signed with (Standard Webhooks). The secret is shown once, on creation and on
 * rotation; during a rotation the old secret signs too, for a day.
 */
export const WebhookEndpoints: CollectionConfig = {
  slug: WEBHOOK_ENDPOINTS,
  labels: { singular: 'Webhook endpoint', plural: 'Webhook endpoints' },
  admin: {
    group: 'Integrations',
    useAsTitle: 'url',
    defaultColumns: ['url', 'events', 'active', 'disabledReason', 'updatedAt'],
    description: 'Signed event deliveries to your systems (Standard Webhooks, docs/events.md). The signing secret is shown once, when it is made: here right after you create the endpoint (or in the answer to a creation over the API), and when you press "Rotate secret" — copy it then.',
    components: { edit: { beforeDocumentControls: ['@/collections/WebhookEndpoints/admin/EndpointActions#EndpointActions'] } },
  },
  access: { read: schoolAdmins, create: createInOwnTenant(WEBHOOK_ENDPOINTS), update: schoolAdmins, delete: schoolAdmins },
  endpoints: [rotateSecret, sendTestEvent],
  hooks: { beforeChange: [checkEndpoint], afterChange: [showSecretOnce] },
  fields: [
    { name: 'url', type: 'text', required: true, maxLength: 2000, admin: { description: 'https://… on a public address. Redirects are not followed.' } },
    { name: 'description', type: 'text', maxLength: 200 },
    // Text, not a select: event types carry dots, which GraphQL enums cannot, and a new type
    // needs no migration. The list is checked against the event catalog.
    {
      name: 'events',
      type: 'text',
      hasMany: true,
      required: true,
      maxRows: EVENT_TYPES.length,
      validate: checkEventTypes,
      admin: { description: `Only these event types are delivered: ${EVENT_TYPES.join(', ')}.` },
    },
    { name: 'active', type: 'checkbox', defaultValue: true },
    {
      name: 'disabledReason',
      type: 'text',
      access: systemOnly,
      admin: { readOnly: true, description: 'Set when deliveries kept failing and the endpoint was turned off. Tick "active" again to resume.' },
    },
    // Never readable through any API: deliveries are signed with it, and it is shown once.
    { name: 'secret', type: 'text', access: { read: () => false, create: () => false, update: () => false }, admin: { hidden: true } },
    { name: 'previousSecret', type: 'text', access: { read: () => false, create: () => false, update: () => false }, admin: { hidden: true } },
    { name: 'previousSecretExpiresAt', type: 'date', access: systemOnly, admin: { readOnly: true, description: 'Until then the previous secret signs deliveries too.' } },
    { name: 'secretHint', type: 'text', access: systemOnly, admin: { readOnly: true, description: 'The last characters of the current secret.' } },
  ],
}
