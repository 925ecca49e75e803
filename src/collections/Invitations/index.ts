import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { schoolAdmins } from '@/domain/identity/staff'
import { systemOnly } from '@/access/systemOnly'
import { COURSES, INVITATIONS, USERS } from '@/shared/slugs'
import { localeField } from '@/fields/localeField'

import { acceptInvitationEndpoint, previewInvitationEndpoint } from './endpoints/accept'
import { keepInvitationStatus } from './hooks/keepInvitationStatus'

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked'] as const

/**
 * An invitation to join a school (and, optionally, a course), sent by email. Nobody becomes a
 * member until the invited person accepts with the emailed link, whether or not they already
 * have an account, so inviting tells the school nothing about who exists. The school's admins
 * see and revoke their invitations; the link's token is stored as a hash only.
 */
export const Invitations: CollectionConfig = {
  slug: INVITATIONS,
  admin: {
    useAsTitle: 'email',
    defaultColumns: ['email', 'course', 'status', 'expiresAt', 'createdAt'],
    description: 'Sent by bulk enrollment to people who are not members of the school yet. Revoke one by setting its status to revoked.',
    group: 'People',
  },
  access: { read: schoolAdmins, create: nobody, update: schoolAdmins, delete: schoolAdmins },
  disableDuplicate: true,
  endpoints: [previewInvitationEndpoint, acceptInvitationEndpoint],
  hooks: { beforeChange: [keepInvitationStatus] },
  fields: [
    { name: 'email', type: 'email', required: true, index: true, access: systemOnly },
    { name: 'name', type: 'text', maxLength: 120, access: systemOnly },
    { ...localeField({ name: 'locale' }), access: systemOnly },
    { name: 'course', type: 'relationship', relationTo: COURSES, index: true, access: systemOnly },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'pending',
      index: true,
      options: INVITATION_STATUSES.map((value) => ({ label: value, value })),
    },
    { name: 'expiresAt', type: 'date', required: true, index: true, access: systemOnly, admin: { readOnly: true } },
    { name: 'tokenHash', type: 'text', unique: true, index: true, hidden: true, access: { read: nobody, create: nobody, update: nobody } },
    { name: 'invitedBy', type: 'relationship', relationTo: USERS, access: systemOnly, admin: { readOnly: true } },
    { name: 'acceptedBy', type: 'relationship', relationTo: USERS, access: systemOnly, admin: { readOnly: true } },
    { name: 'acceptedAt', type: 'date', access: systemOnly, admin: { readOnly: true } },
  ],
}
