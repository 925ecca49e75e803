import type { Access, CollectionConfig } from 'payload'

import { NOTICE_CATEGORIES, NOTICE_KIND_NAMES } from '@/domain/notifications/kinds'
import { localeField } from '@/fields/localeField'
import { NOTIFICATIONS, USERS } from '@/shared/slugs'

import { markReadEndpoint, unreadCountEndpoint } from './endpoints'

/** A person's notifications are theirs alone: not their school's admins', not a super-admin's. */
const own: Access = ({ req }) => (req.user?.collection === USERS ? { person: { equals: req.user.id } } : false)

const readOnly = { readOnly: true } as const

/**
 * In-app notifications: one per person told of an event, written by the notifications
 * subscriber in the person's language at the time (src/domain/notifications). People list
 * their own, mark them read through `/read` and dismiss (delete) them; nobody writes them.
 */
export const Notifications: CollectionConfig = {
  slug: NOTIFICATIONS,
  labels: { singular: 'Notification', plural: 'Notifications' },
  admin: { group: 'People', useAsTitle: 'title', defaultColumns: ['createdAt', 'title', 'category', 'readAt'] },
  access: { read: own, create: () => false, update: () => false, delete: own },
  defaultSort: '-createdAt',
  endpoints: [unreadCountEndpoint, markReadEndpoint],
  indexes: [
    // A person is told of an event once, however often it is handed over.
    { fields: ['event', 'person'], unique: true },
    { fields: ['person', 'readAt'] },
  ],
  fields: [
    { name: 'person', type: 'relationship', relationTo: USERS, required: true, index: true, admin: readOnly },
    { name: 'kind', type: 'select', required: true, options: NOTICE_KIND_NAMES.map((value) => ({ label: value, value })), admin: readOnly },
    { name: 'category', type: 'select', required: true, options: NOTICE_CATEGORIES.map((value) => ({ label: value, value })), admin: readOnly },
    { name: 'critical', type: 'checkbox', defaultValue: false, admin: { ...readOnly, description: 'Money and safety: sent whatever the person’s preferences say.' } },
    { name: 'title', type: 'text', required: true, maxLength: 300, admin: readOnly },
    { name: 'body', type: 'textarea', maxLength: 2000, admin: readOnly },
    { name: 'link', type: 'text', maxLength: 500, admin: { ...readOnly, description: 'A path on this server: the learner site, or the admin panel for staff.' } },
    localeField({ name: 'locale', required: true, admin: readOnly }),
    { name: 'event', type: 'number', required: true, admin: { ...readOnly, description: 'The domain event it tells of.' } },
    { name: 'readAt', type: 'date', index: true, admin: readOnly },
  ],
}
