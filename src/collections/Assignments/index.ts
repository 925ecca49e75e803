import type { CollectionConfig } from 'payload'

import { ASSIGNMENTS, COURSES } from '@/shared/slugs'

import { createInOwnTenant } from '@/access/createInOwnTenant'
import { manageCourseWork, readCourseWork, readCourseWorkVersions } from '@/access/courseWork'
import { submit } from '../Submissions/endpoints/submit'
import { checkAssignmentRules } from './hooks/checkAssignmentRules'

export const LATE_POLICIES = ['penalty', 'cutoff'] as const
export const SUBMISSION_TYPES = ['file', 'text', 'both'] as const
/** Extensions students may be allowed to hand in; contents are checked on upload. */
export const SUBMISSION_FILE_TYPES = ['pdf', 'docx', 'odt', 'txt', 'png', 'jpg', 'zip'] as const

/** Work students hand in for a course, graded by its instructors. */
export const Assignments: CollectionConfig = {
  slug: ASSIGNMENTS,
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'course', 'dueAt', 'maxPoints', '_status'] },
  versions: { drafts: true, maxPerDoc: 20 },
  access: {
    read: readCourseWork,
    readVersions: readCourseWorkVersions,
    // Staff create assignments in their schools; the course itself is checked by the collection's rules.
    create: createInOwnTenant(ASSIGNMENTS),
    update: manageCourseWork,
    delete: manageCourseWork,
  },
  endpoints: [submit],
  hooks: { beforeChange: [checkAssignmentRules] },
  fields: [
    { name: 'course', type: 'relationship', relationTo: COURSES, required: true, index: true },
    {
      name: 'lesson',
      type: 'text',
      maxLength: 64,
      admin: { description: 'Optional: the ID of the lesson this assignment belongs to.' },
    },
    { name: 'title', type: 'text', required: true, localized: true, maxLength: 200 },
    { name: 'instructions', type: 'richText', localized: true },
    {
      type: 'row',
      fields: [
        { name: 'opensAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'dueAt', type: 'date', required: true, index: true, admin: { date: { pickerAppearance: 'dayAndTime' } } },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'latePolicy',
          type: 'select',
          required: true,
          defaultValue: 'cutoff',
          options: [
            { label: 'Accept late work with a penalty per day', value: 'penalty' },
            { label: 'Accept late work until a cut-off, then refuse', value: 'cutoff' },
          ],
        },
        { name: 'latePenaltyPercentPerDay', type: 'number', min: 0, max: 100 },
        { name: 'cutoffAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' }, description: 'No submissions after this moment.' } },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'maxPoints', type: 'number', required: true, min: 1, max: 10_000 },
        { name: 'passMark', type: 'number', min: 0, max: 10_000, admin: { description: 'Points needed to pass.' } },
        { name: 'maxAttempts', type: 'number', required: true, defaultValue: 1, min: 1, max: 100 },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'submissionType',
          type: 'select',
          required: true,
          defaultValue: 'text',
          options: SUBMISSION_TYPES.map((value) => ({ label: value, value })),
        },
        {
          name: 'allowedFileTypes',
          type: 'select',
          hasMany: true,
          options: SUBMISSION_FILE_TYPES.map((value) => ({ label: value, value })),
        },
        { name: 'maxFileSizeMb', type: 'number', min: 1, max: 100, defaultValue: 10 },
      ],
    },
    {
      name: 'requiredForCompletion',
      type: 'checkbox',
      defaultValue: false,
      admin: { description: 'The course completes only when this is graded at or above the pass mark.' },
    },
    {
      name: 'rubric',
      type: 'array',
      labels: { singular: 'Criterion', plural: 'Criteria' },
      fields: [
        { name: 'criterion', type: 'text', required: true, localized: true, maxLength: 200 },
        {
          name: 'levels',
          type: 'array',
          minRows: 1,
          fields: [
            { name: 'label', type: 'text', required: true, localized: true, maxLength: 120 },
            { name: 'points', type: 'number', required: true, min: 0, max: 10_000 },
          ],
        },
      ],
    },
  ],
}
