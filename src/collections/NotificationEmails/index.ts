import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { NOTICE_CATEGORIES, NOTICE_KIND_NAMES } from '@/domain/notifications/kinds'
import { EMAIL_STATES } from '@/domain/notifications/email/states'
import { schoolAdmins } from '@/domain/identity/staff'
import { localeField } from '@/fields/localeField'
import { NOTIFICATION_EMAILS, USERS } from '@/shared/slugs'

import { deliveryReports, resendEmail } from './endpoints'

const readOnly = { readOnly: true } as const

/**
 * The school's notification mail log: one row per person and event told by mail, with its
 * words, its delivery state and the mail server's answer. Written by the notifications
 * subscriber and the mail job; the school's admins read it and send a mail again.
 */
export const NotificationEmails: CollectionConfig = {
  slug: NOTIFICATION_EMAILS,
  labels: { singular: 'Notification email', plural: 'Notification emails' },
  admin: {
    group: 'People',
    useAsTitle: 'subject',
    defaultColumns: ['createdAt', 'to', 'subject', 'state', 'sentAt'],
    description: 'Every notification sent by mail and how its delivery went. "Send again" resends one now.',
    components: { edit: { beforeDocumentControls: ['@/collections/NotificationEmails/admin/ResendButton#ResendButton'] } },
  },
  access: { read: schoolAdmins, create: nobody, update: nobody, delete: nobody },
  disableDuplicate: true,
  defaultSort: '-createdAt',
  endpoints: [resendEmail, deliveryReports],
  indexes: [{ fields: ['event', 'person'], unique: true }, { fields: ['state', 'dueAt'] }],
  fields: [
    { name: 'person', type: 'relationship', relationTo: USERS, required: true, index: true, admin: readOnly },
    { name: 'to', type: 'email', required: true, admin: readOnly },
    { name: 'event', type: 'number', required: true, admin: { ...readOnly, description: 'The domain event it tells of.' } },
    { name: 'kind', type: 'select', required: true, options: NOTICE_KIND_NAMES.map((value) => ({ label: value, value })), admin: readOnly },
    { name: 'category', type: 'select', required: true, options: NOTICE_CATEGORIES.map((value) => ({ label: value, value })), admin: readOnly },
    { name: 'critical', type: 'checkbox', defaultValue: false, admin: readOnly },
    localeField({ name: 'locale', required: true, admin: readOnly }),
    { name: 'subject', type: 'text', required: true, maxLength: 300, admin: readOnly },
    { name: 'body', type: 'textarea', maxLength: 2000, admin: readOnly },
    { name: 'link', type: 'text', maxLength: 500, admin: readOnly },
    {
      name: 'frequency',
      type: 'select',
      required: true,
      options: ['immediate', 'daily', 'weekly'].map((value) => ({ label: value, value })),
      admin: { ...readOnly, description: 'At once, or in the person’s daily or weekly digest.' },
    },
    { name: 'state', type: 'select', required: true, defaultValue: 'queued', options: EMAIL_STATES.map((value) => ({ label: value, value })), admin: readOnly },
    { name: 'dueAt', type: 'date', required: true, admin: { ...readOnly, date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'attempts', type: 'number', required: true, defaultValue: 0, admin: readOnly },
    { name: 'response', type: 'text', maxLength: 1000, admin: { ...readOnly, description: 'The mail server’s last answer.' } },
    { name: 'messageId', type: 'text', maxLength: 300, admin: readOnly },
    { name: 'sentAt', type: 'date', admin: { ...readOnly, date: { pickerAppearance: 'dayAndTime' } } },
  ],
}
