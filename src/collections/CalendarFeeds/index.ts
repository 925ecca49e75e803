import type { Access, CollectionConfig } from 'payload'

import { createInOwnTenant } from '@/access/createInOwnTenant'
import { nobody } from '@/access/nobody'
import { systemOnly } from '@/access/systemOnly'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { CALENDAR_FEEDS, COURSES, USERS } from '@/shared/slugs'

import { icalFeed } from './endpoints/icalFeed'
import { issueFeed, showFeedOnce } from './hooks/issueFeed'

/** A person's own feeds; no one else's, not even their school's admins'. */
const ownFeeds: Access = ({ req }) => (isSuperAdmin(req.user) ? true : req.user?.collection === USERS && (req.user as { kind?: string }).kind !== 'integration' ? { owner: { equals: req.user.id } } : false)

/**
 * Calendar feeds: an address a calendar client subscribes to, showing a person's live classes
 * in a school (those of the courses they learn in or teach), or one course's. The address holds
 * an unguessable token, shown once; revoking the feed stops it for good.
 */
export const CalendarFeeds: CollectionConfig = {
  slug: CALENDAR_FEEDS,
  labels: { singular: 'Calendar feed', plural: 'Calendar feeds' },
  admin: { group: 'Live classes', defaultColumns: ['course', 'hint', 'status', 'createdAt'], description: 'Your own calendar feeds. The address is shown once, when the feed is made; revoke a feed to stop it.' },
  access: { read: ownFeeds, create: createInOwnTenant(CALENDAR_FEEDS), update: ownFeeds, delete: ownFeeds },
  hooks: { beforeChange: [issueFeed], afterChange: [showFeedOnce] },
  endpoints: [icalFeed],
  fields: [
    { name: 'course', type: 'relationship', relationTo: COURSES, access: { update: nobody }, admin: { description: 'Only this course’s classes; leave empty for all of yours in the school.' } },
    {
      name: 'status',
      type: 'select',
      defaultValue: 'active',
      options: [
        { label: 'Active', value: 'active' },
        { label: 'Revoked', value: 'revoked' },
      ],
    },
    { name: 'owner', type: 'relationship', relationTo: USERS, index: true, access: systemOnly, admin: { readOnly: true } },
    { name: 'hint', type: 'text', access: systemOnly, admin: { readOnly: true, description: 'The start of the feed’s token, to recognise it.' } },
    { name: 'tokenHash', type: 'text', unique: true, index: true, access: { read: nobody, create: nobody, update: nobody }, admin: { hidden: true } },
    { name: 'revokedAt', type: 'date', access: systemOnly, admin: { readOnly: true } },
  ],
}
