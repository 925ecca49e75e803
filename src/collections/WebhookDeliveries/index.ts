import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { schoolAdmins } from '@/domain/identity/staff'
import { DOMAIN_EVENTS, WEBHOOK_DELIVERIES, WEBHOOK_ENDPOINTS } from '@/shared/slugs'

import { replayDelivery } from './endpoints/replay'

/** One message to one endpoint, with every attempt to deliver it. Written by the system only. */
export const WebhookDeliveries: CollectionConfig = {
  slug: WEBHOOK_DELIVERIES,
  labels: { singular: 'Webhook delivery', plural: 'Webhook deliveries' },
  admin: {
    group: 'Integrations',
    useAsTitle: 'messageId',
    defaultColumns: ['createdAt', 'eventType', 'endpoint', 'status', 'attempts', 'lastStatus'],
    description: 'Every delivery and its attempts. "Replay" sends one again now.',
    components: { edit: { beforeDocumentControls: ['@/collections/WebhookDeliveries/admin/ReplayButton#ReplayButton'] } },
  },
  access: { read: schoolAdmins, create: nobody, update: nobody, delete: nobody },
  disableDuplicate: true,
  defaultSort: '-createdAt',
  endpoints: [replayDelivery],
  indexes: [{ fields: ['status', 'nextAttemptAt'] }, { fields: ['endpoint', 'event'] }],
  fields: [
    { name: 'endpoint', type: 'relationship', relationTo: WEBHOOK_ENDPOINTS, required: true, index: true },
    { name: 'event', type: 'relationship', relationTo: DOMAIN_EVENTS, index: true },
    { name: 'eventType', type: 'text', required: true },
    { name: 'messageId', type: 'text', required: true, index: true, admin: { description: 'The webhook-id header: the same on every attempt and replay.' } },
    { name: 'body', type: 'textarea', required: true, admin: { description: 'Exactly the bytes that are signed and sent.' } },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'pending',
      options: ['pending', 'succeeded', 'failed'].map((value) => ({ label: value, value })),
    },
    { name: 'attempts', type: 'number', required: true, defaultValue: 0 },
    { name: 'nextAttemptAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'lastStatus', type: 'number' },
    {
      name: 'attemptLog',
      type: 'array',
      fields: [
        { name: 'at', type: 'date', required: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'status', type: 'number' },
        { name: 'durationMs', type: 'number', required: true },
        { name: 'error', type: 'text' },
        { name: 'responseExcerpt', type: 'textarea' },
      ],
    },
  ],
}
