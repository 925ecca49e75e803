import type { CollectionConfig } from 'payload'

import { courseStaffField } from '@/access/courseStaffField'
import { systemOnly } from '@/access/systemOnly'
import { nobody } from '@/access/nobody'
import { DEFAULT_GRACE_MINUTES } from '@/domain/live/attendance'
import { MAX_WEEKS } from '@/domain/live/series'
import { LIVE_CLASS_STATUSES, MEETING_STATES } from '@/domain/live/schedule'
import { COURSES, LIVE_CLASSES, USERS } from '@/shared/slugs'

import { createLiveClasses, manageLiveClasses, readLiveClasses } from './access'
import { engagement } from './endpoints/engagement'
import { joinLink } from './endpoints/joinLink'
import { checkLiveClass } from './hooks/checkLiveClass'
import { queueMeetingSync } from './hooks/queueMeetingSync'

/**
 * A live class of a course, held on the school's Zoom: scheduled by the course's staff, given a
 * Zoom user free for its whole time, its meeting made, moved and removed by a job. Cancelled,
 * never deleted by staff: its meeting goes, its record stays.
 */
export const LiveClasses: CollectionConfig = {
  slug: LIVE_CLASSES,
  labels: { singular: 'Live class', plural: 'Live classes' },
  admin: { group: 'Live classes', useAsTitle: 'title', defaultColumns: ['title', 'course', 'startsAt', 'durationMinutes', 'host', 'status'] },
  access: { read: readLiveClasses, create: createLiveClasses, update: manageLiveClasses, delete: () => false },
  hooks: { beforeChange: [checkLiveClass], afterChange: [queueMeetingSync] },
  endpoints: [joinLink, engagement],
  fields: [
    { name: 'course', type: 'relationship', relationTo: COURSES, required: true, index: true },
    { name: 'title', type: 'text', required: true, localized: true, maxLength: 200 },
    { name: 'agenda', type: 'textarea', localized: true, maxLength: 1800 },
    {
      type: 'row',
      fields: [
        { name: 'startsAt', type: 'date', required: true, index: true, admin: { date: { pickerAppearance: 'dayAndTime' }, description: 'In your own time zone here; Zoom shows it in the school’s.' } },
        {
          name: 'durationMinutes',
          type: 'number',
          required: true,
          defaultValue: 60,
          min: 15,
          max: 600,
          // Zoom takes whole minutes.
          validate: (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 15 && value <= 600 ? true : 'Whole minutes, from 15 to 600.'),
          admin: { description: 'Minutes.' },
        },
      ],
    },
    { name: 'host', type: 'relationship', relationTo: USERS, required: true, admin: { description: 'One of the course’s instructors.' } },
    {
      type: 'row',
      fields: [
        {
          name: 'repeatWeeks',
          type: 'number',
          min: 1,
          max: MAX_WEEKS,
          defaultValue: 1,
          virtual: true,
          access: { update: nobody },
          // A virtual field is not validated by Payload's own rules.
          validate: (value: unknown) => (value === undefined || value === null || (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_WEEKS) ? true : `Whole weeks, from 1 to ${MAX_WEEKS}.`),
          admin: {
            readOnly: false,
            description: `When scheduling: this many weekly classes (up to ${MAX_WEEKS}), at the same time of day in the school’s time zone; each can then be moved or cancelled alone.`,
          },
        },
        { name: 'series', type: 'text', index: true, access: systemOnly, admin: { readOnly: true, description: 'The first class of its weekly series.' } },
      ],
    },
    {
      name: 'graceMinutes',
      type: 'number',
      defaultValue: DEFAULT_GRACE_MINUTES,
      min: 0,
      max: 60,
      admin: { description: 'Minutes after the start a student may join and still be on time, and before the end they may leave.' },
    },
    {
      name: 'status',
      type: 'select',
      // Not `required`: with a default, Payload would still make GraphQL clients send it.
      defaultValue: 'scheduled',
      index: true,
      options: LIVE_CLASS_STATUSES.map((value) => ({ label: value, value })),
      admin: { description: 'Cancel a class here. It goes live and ends by itself, as Zoom reports it.' },
    },
    {
      type: 'row',
      fields: [
        { name: 'startedAt', type: 'date', access: systemOnly, admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' }, description: 'When the meeting started, as Zoom reported it.' } },
        { name: 'endedAt', type: 'date', access: systemOnly, admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' }, description: 'When the meeting ended, as Zoom reported it.' } },
        { name: 'startingSoonAt', type: 'date', access: systemOnly, admin: { readOnly: true, description: 'When it was announced as starting soon.' } },
      ],
    },
    { name: 'engagement', type: 'ui', admin: { components: { Field: '@/admin/live/EngagementPanel#EngagementPanel' } } },
    {
      name: 'zoom',
      type: 'group',
      access: { ...systemOnly, read: courseStaffField },
      admin: { readOnly: true, description: 'The class’s Zoom meeting, kept in line with the class by a job.' },
      fields: [
        { name: 'hostEmail', type: 'text', admin: { description: 'The Zoom user hosting it: free for the whole class.' } },
        { name: 'meetingId', type: 'text', index: true },
        { name: 'meetingHost', type: 'text', admin: { description: 'Whom the meeting was made under.' } },
        { name: 'meetingUuid', type: 'text', admin: { description: 'The meeting’s instance as it was held: its participants report is read by it.' } },
        { name: 'state', type: 'select', options: MEETING_STATES.map((value) => ({ label: value, value })) },
        { name: 'problem', type: 'text' },
        { name: 'syncedAt', type: 'date' },
      ],
    },
  ],
}
