import type { CollectionConfig } from 'payload'

import { courseStaffField } from '@/access/courseStaffField'
import { nobody } from '@/access/nobody'
import { systemOnly } from '@/access/systemOnly'
import { ATTENDANCE_STATUSES } from '@/domain/live/attendance'
import { ATTENDANCE, COURSES, LIVE_CLASSES, USERS } from '@/shared/slugs'

import { correctAttendance, readAttendance } from './access'
import { checkCorrection } from './hooks/checkCorrection'
import { refreshProgress } from './hooks/refreshProgress'

/**
 * A student's attendance at one live class: their Zoom registration (their own join link) and
 * what Zoom's join and leave events and its participants report say of their time in the
 * meeting. Made and kept by the system; the course's staff correct the status and minutes,
 * with a reason, and every correction is in the audit trail.
 */
export const Attendance: CollectionConfig = {
  slug: ATTENDANCE,
  labels: { singular: 'Attendance', plural: 'Attendance' },
  admin: { group: 'Live classes', defaultColumns: ['liveClass', 'student', 'status', 'minutes', 'share', 'source'] },
  access: { read: readAttendance, create: nobody, update: correctAttendance, delete: nobody },
  indexes: [{ fields: ['liveClass', 'student'], unique: true }],
  hooks: { beforeChange: [checkCorrection], afterChange: [refreshProgress] },
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'liveClass', type: 'relationship', relationTo: LIVE_CLASSES, required: true, index: true, access: systemOnly, admin: { readOnly: true } },
        { name: 'student', type: 'relationship', relationTo: USERS, required: true, index: true, access: systemOnly, admin: { readOnly: true } },
        { name: 'course', type: 'relationship', relationTo: COURSES, required: true, index: true, access: systemOnly, admin: { readOnly: true } },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'status', type: 'select', defaultValue: 'pending', index: true, options: ATTENDANCE_STATUSES.map((value) => ({ label: value, value })), admin: { description: 'Set by Zoom’s record when the class ends; correct it here, with a reason.' } },
        { name: 'minutes', type: 'number', min: 0, admin: { description: 'Minutes in the meeting, reconnects counted once.' } },
        { name: 'share', type: 'number', min: 0, max: 100, access: systemOnly, admin: { readOnly: true, description: 'Percent of the class’s actual length.' } },
      ],
    },
    { name: 'reason', type: 'text', maxLength: 500, admin: { description: 'Why attendance was corrected or excused: kept with it.' } },
    {
      type: 'row',
      fields: [
        { name: 'firstJoinAt', type: 'date', access: systemOnly, admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'lastLeaveAt', type: 'date', access: systemOnly, admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
      ],
    },
    {
      name: 'source',
      type: 'select',
      defaultValue: 'zoom',
      options: [
        { label: 'Zoom', value: 'zoom' },
        { label: 'Staff', value: 'staff' },
      ],
      access: systemOnly,
      admin: { readOnly: true, description: 'Staff: a person set the status, and Zoom’s later reports keep it.' },
    },
    {
      type: 'row',
      fields: [
        { name: 'correctedBy', type: 'relationship', relationTo: USERS, access: systemOnly, admin: { readOnly: true } },
        { name: 'correctedAt', type: 'date', access: systemOnly, admin: { readOnly: true } },
      ],
    },
    {
      name: 'segments',
      type: 'json',
      access: { ...systemOnly, read: courseStaffField },
      admin: { readOnly: true, description: 'Each stay in the meeting, as Zoom reported it.' },
    },
    {
      name: 'registration',
      type: 'group',
      access: { ...systemOnly, read: courseStaffField },
      admin: { readOnly: true, description: 'The student’s registration for the class’s Zoom meeting.' },
      fields: [
        { name: 'registrantId', type: 'text', index: true },
        { name: 'meetingId', type: 'text', admin: { description: 'The meeting the registration is for.' } },
        // Their own link into the meeting: handed to them alone, by GET /api/live-classes/:id/join.
        { name: 'joinUrl', type: 'text', hidden: true, access: { read: nobody, create: nobody, update: nobody } },
        { name: 'registeredAt', type: 'date' },
      ],
    },
  ],
}
