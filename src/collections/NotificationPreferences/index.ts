import type { Access, CollectionAfterChangeHook, CollectionBeforeValidateHook, CollectionConfig } from 'payload'

import { APIError } from 'payload'

import { NOTICE_CATEGORIES } from '@/domain/notifications/kinds'
import { CATEGORY_FIELDS } from '@/domain/notifications/preferences'
import { cancelWaiting } from '@/domain/notifications/unsubscribe'
import { emailFrequencyFields, inAppChoiceFields } from '@/fields/notificationChoices'
import { NOTIFICATION_PREFERENCES, USERS } from '@/shared/slugs'

import { confirmAddressEndpoint, unsubscribeEndpoint, unsubscribePage } from './endpoints'

const person = (req: Parameters<Access>[0]['req']) => (req.user?.collection === USERS && (req.user as { kind?: string }).kind !== 'integration' ? req.user : null)

/** A person's preferences are theirs alone; an API key has none. */
const own: Access = ({ req }) => {
  const user = person(req)
  return user ? { person: { equals: user.id } } : false
}

const signedIn: Access = ({ req }) => Boolean(person(req))

/** The person is always the one saving: a preference is never made or moved for someone else. */
const personIsSelf: CollectionBeforeValidateHook = ({ data, req, operation, originalDoc }) => {
  if (!req.user || req.payloadAPI === 'local') {
    return data
  }
  const self = req.user.id
  if (operation === 'update' && originalDoc && Number(typeof originalDoc.person === 'object' ? originalDoc.person.id : originalDoc.person) !== self) {
    throw new APIError('These are not your preferences.', 403)
  }
  return { ...data, person: self }
}

/** A category turned off by mail: what waited for the person's digest in it is not sent. */
const cancelWhatIsTurnedOff: CollectionAfterChangeHook = async ({ doc, req }) => {
  const email = (doc.email ?? {}) as Record<string, string | null>
  const off = NOTICE_CATEGORIES.filter((category) => email[CATEGORY_FIELDS[category]] === 'never')
  await cancelWaiting(req, Number(typeof doc.person === 'object' ? doc.person.id : doc.person), off)
  return doc
}

/**
 * How each person hears of each category of notification, by mail and in the app. What they
 * leave empty follows their school's defaults (the school's `notificationDefaults`), then
 * Aqoon's. Critical notifications (payments, a student's safety) come whatever is set here.
 * One document per person, made with their first change.
 */
export const NotificationPreferences: CollectionConfig = {
  slug: NOTIFICATION_PREFERENCES,
  labels: { singular: 'Notification preferences', plural: 'Notification preferences' },
  admin: { group: 'People', useAsTitle: 'id' },
  access: { read: own, create: signedIn, update: own, delete: own },
  endpoints: [unsubscribeEndpoint, unsubscribePage, confirmAddressEndpoint],
  hooks: { beforeValidate: [personIsSelf], afterChange: [cancelWhatIsTurnedOff] },
  fields: [
    { name: 'person', type: 'relationship', relationTo: USERS, required: true, unique: true, index: true, admin: { readOnly: true } },
    { name: 'email', type: 'group', fields: emailFrequencyFields('Empty: as your school sets it.') },
    { name: 'inApp', type: 'group', fields: inAppChoiceFields() },
  ],
}
