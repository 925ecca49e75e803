import type { CollectionConfig } from 'payload'

import { createInOwnTenant } from '@/access/createInOwnTenant'
import { systemOnly } from '@/access/systemOnly'
import { LIVE_DESCRIPTIONS } from '@/admin/live/strings'
import { superAdminOnly } from '@/domain/identity/isSuperAdmin'
import { schoolAdminsInPerson } from '@/domain/identity/staff'
import { onePerSchool } from '@/hooks/onePerSchool'
import { sealedField as secret, sealSecrets } from '@/hooks/sealSecrets'
import { ZOOM_SETTINGS } from '@/shared/slugs'

import { checkConnection } from './endpoints/checkConnection'

const hint = (of: string) => ({ access: systemOnly, admin: { readOnly: true, description: `The last characters of the stored ${of}.` } })

/** Zoom's ids are letters, digits, dashes and underscores. */
const zoomId = (what: string) => (value: unknown) =>
  value === null || value === undefined || value === '' || (typeof value === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(value)) ? true : `${what} is letters, digits, - and _ as Zoom shows it.`

/**
 * How one school reaches its own Zoom account: a Server-to-Server OAuth app (account id, client
 * id and secret) and the app's webhook secret token (sealed), and the Zoom users who may host
 * its classes (one user hosts one meeting at a time). Zoom sends the app's events to the
 * school's own URL, `/api/webhooks/zoom/<school slug>`, as its URL validation cannot tell
 * accounts apart. One per school, for its admins.
 */
export const ZoomSettings: CollectionConfig = {
  slug: ZOOM_SETTINGS,
  labels: { singular: 'Zoom settings', plural: 'Zoom settings' },
  admin: {
    group: 'Live classes',
    useAsTitle: 'accountId',
    defaultColumns: ['tenant', 'accountId', 'clientId', 'enabled'],
    description: LIVE_DESCRIPTIONS.zoomSettings,
    components: { edit: { beforeDocumentControls: ['@/collections/ZoomSettings/admin/CheckConnectionButton#CheckConnectionButton'] } },
  },
  endpoints: [checkConnection],
  access: { read: schoolAdminsInPerson, create: createInOwnTenant(ZOOM_SETTINGS), update: schoolAdminsInPerson, delete: superAdminOnly },
  indexes: [{ fields: ['tenant'], unique: true }],
  hooks: {
    beforeChange: [
      onePerSchool(ZOOM_SETTINGS, 'This school has its Zoom settings already: edit them.'),
      sealSecrets(ZOOM_SETTINGS, { clientSecret: { hint: 'clientSecretHint' }, webhookSecret: { hint: 'webhookSecretHint' } }),
    ],
  },
  fields: [
    { name: 'enabled', type: 'checkbox', defaultValue: true, admin: { description: 'Off: no meetings are made and Zoom’s events are refused.' } },
    {
      type: 'row',
      fields: [
        { name: 'accountId', type: 'text', maxLength: 100, validate: zoomId('The account id') },
        { name: 'clientId', type: 'text', maxLength: 100, validate: zoomId('The client id') },
      ],
    },
    { name: 'clientSecret', type: 'text', maxLength: 500, ...secret },
    { name: 'clientSecretHint', type: 'text', ...hint('client secret') },
    { name: 'webhookSecret', type: 'text', maxLength: 500, ...secret, admin: { description: LIVE_DESCRIPTIONS.webhookSecret } },
    { name: 'webhookSecretHint', type: 'text', ...hint('secret token') },
    {
      name: 'hosts',
      type: 'array',
      maxRows: 100,
      admin: { description: LIVE_DESCRIPTIONS.hosts },
      fields: [
        { name: 'email', type: 'email', required: true },
        { name: 'zoomUserId', type: 'text', maxLength: 100, validate: zoomId('The Zoom user id'), admin: { description: 'Filled in from Zoom by "Check connection".' } },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'recordingRetentionDays',
          type: 'number',
          min: 1,
          max: 3650,
          defaultValue: 365,
          admin: { description: 'Days a class’s recording is kept in the school’s storage, then deleted (and audited). Empty: kept until someone deletes it.' },
        },
        {
          name: 'deleteFromZoomAfterCopy',
          type: 'checkbox',
          defaultValue: false,
          admin: { description: 'Move Zoom’s cloud copy to Zoom’s trash once ours is stored and checked (it frees the Zoom account’s cloud storage).' },
        },
      ],
    },
    {
      name: 'connection',
      type: 'group',
      // Zoom's word on the settings, written only by "Check connection".
      access: systemOnly,
      admin: { readOnly: true, description: 'What Zoom said when the connection was last checked.' },
      fields: [
        { name: 'checkedAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'ok', type: 'checkbox' },
        { name: 'message', type: 'text' },
      ],
    },
  ],
}
