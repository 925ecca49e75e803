import type { CollectionConfig } from 'payload'

import { systemOnly } from '@/access/systemOnly'
import { LIVE_CLASS_STATUSES, MEETING_STATES } from '@/domain/live/schedule'
import { COURSES, LIVE_CLASSES, USERS } from '@/shared/slugs'

import { createLiveClasses, manageLiveClasses, readLiveClasses, staffOnlyField } from './access'
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
      name: 'status',
      type: 'select',
      // Not `required`: with a default, Payload would still make GraphQL clients send it.
      defaultValue: 'scheduled',
      index: true,
      options: LIVE_CLASS_STATUSES.map((value) => ({ label: value, value })),
      admin: { description: 'Cancel a class here. It goes live and ends by itself, as Zoom reports it.' },
    },
    {
      name: 'zoom',
      type: 'group',
      access: { ...systemOnly, read: staffOnlyField },
      admin: { readOnly: true, description: 'The class’s Zoom meeting, kept in line with the class by a job.' },
      fields: [
        { name: 'hostEmail', type: 'text', admin: { description: 'The Zoom user hosting it: free for the whole class.' } },
        { name: 'meetingId', type: 'text', index: true },
        { name: 'meetingHost', type: 'text', admin: { description: 'Whom the meeting was made under.' } },
        { name: 'state', type: 'select', options: MEETING_STATES.map((value) => ({ label: value, value })) },
        { name: 'problem', type: 'text' },
        { name: 'syncedAt', type: 'date' },
      ],
    },
  ],
}
