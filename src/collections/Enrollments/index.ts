import type { CollectionConfig } from 'payload'

import { recordEnrollmentEvents } from '@/domain/enrollment/events'
import { emitEvents } from '@/hooks/emitEvents'
import { ENROLLMENT_SOURCES, ENROLLMENT_STATUSES } from '@/domain/enrollment/status'
import { systemOnly } from '@/access/systemOnly'
import { COURSES, ENROLLMENTS, USERS } from '@/shared/slugs'

import { createEnrollments, deleteEnrollments, manageEnrollments, readEnrollments } from './access/enrollmentAccess'
import { approveEnrollment, cancelEnrollment, rejectEnrollment } from './endpoints/decide'
import { applyEnrollmentRules } from './hooks/applyEnrollmentRules'
import { queueCertificate } from './hooks/queueCertificate'


/** One person's place in one course, with its progress. */
export const Enrollments: CollectionConfig = {
  slug: ENROLLMENTS,
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'status', 'progress', 'source', 'updatedAt'],
    listSearchableFields: ['title'],
    description: 'Approve or reject pending requests by changing the status; cancelling keeps the record.',
  },
  access: {
    read: readEnrollments,
    create: createEnrollments,
    update: manageEnrollments,
    delete: deleteEnrollments,
  },
  indexes: [
    { fields: ['user', 'course'], unique: true },
    { fields: ['course', 'status'] },
  ],
  endpoints: [approveEnrollment, rejectEnrollment, cancelEnrollment],
  hooks: { beforeChange: [applyEnrollmentRules], afterChange: [emitEvents(recordEnrollmentEvents), queueCertificate] },
  fields: [
    {
      name: 'title',
      type: 'text',
      access: systemOnly,
      admin: { readOnly: true, description: 'Who and which course, for lists and search.' },
    },
    { name: 'user', type: 'relationship', relationTo: USERS, required: true, index: true },
    { name: 'course', type: 'relationship', relationTo: COURSES, required: true, index: true },
    {
      type: 'row',
      fields: [
        {
          name: 'status',
          type: 'select',
          required: true,
          defaultValue: 'active',
          index: true,
          options: ENROLLMENT_STATUSES.map((value) => ({ label: value, value })),
        },
        {
          name: 'source',
          type: 'select',
          required: true,
          defaultValue: 'staff',
          access: systemOnly,
          options: ENROLLMENT_SOURCES.map((value) => ({ label: value, value })),
        },
      ],
    },
    {
      name: 'progress',
      type: 'number',
      min: 0,
      max: 100,
      defaultValue: 0,
      access: systemOnly,
      admin: { readOnly: true, description: 'Share of required lessons done, in percent.' },
    },
    {
      name: 'completedLessons',
      type: 'json',
      access: systemOnly,
      admin: { readOnly: true, description: 'Lessons the student has marked complete, with the time.' },
    },
    { name: 'decidedBy', type: 'relationship', relationTo: USERS, access: systemOnly, admin: { readOnly: true } },
    { name: 'note', type: 'text', maxLength: 500 },
    {
      type: 'collapsible',
      label: 'Timestamps',
      admin: { initCollapsed: true },
      fields: [
        { name: 'requestedAt', type: 'date', access: systemOnly, admin: { readOnly: true } },
        { name: 'activatedAt', type: 'date', access: systemOnly, admin: { readOnly: true } },
        { name: 'completedAt', type: 'date', access: systemOnly, admin: { readOnly: true } },
        { name: 'cancelledAt', type: 'date', access: systemOnly, admin: { readOnly: true } },
      ],
    },
  ],
}
