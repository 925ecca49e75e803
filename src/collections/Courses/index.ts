import type { CollectionConfig, Field } from 'payload'

import { recordCourseEvents } from '@/domain/catalog/events'
import { emitEvents } from '@/hooks/emitEvents'
import { createInOwnTenant } from '@/access/createInOwnTenant'
import { CATEGORIES, COURSES, MEDIA, TAGS, USERS } from '@/shared/slugs'
import { localeField } from '@/fields/localeField'
import { tenantSlugField } from '@/fields/tenantSlugField'

import { deleteCourses, readCourses, readCourseVersions, updateCourses } from './access/courseAccess'
import { readLessonContent } from './access/lessonContent'
import { analytics } from './endpoints/analytics'
import { attendance } from './endpoints/attendance'
import { bulkEnrollment } from './endpoints/bulkEnrollment'
import { completeLesson } from './endpoints/completeLesson'
import { enroll } from './endpoints/enroll'
import { gradebook } from './endpoints/gradebook'
import { tutor } from './endpoints/tutor'
import { checkCourseRules } from './hooks/checkCourseRules'
import { refreshCoverVisibility, refreshCoverVisibilityAfterDelete } from './hooks/refreshCoverVisibility'
import { COURSE_LEVELS, ENROLLMENT_POLICIES, LESSON_TYPES } from '@/domain/catalog/levels'
import { validateInstructors } from './validateInstructors'


const CURRENCIES = new Set(Intl.supportedValuesOf('currency'))

const contentAccess = { read: readLessonContent }

/**
 * Section and lesson titles are translated like everything else, but not required in
 * every locale: an editor changing the Somali title of a course must not first
 * translate its whole outline. Missing translations fall back to the default locale.
 */
const outlineTitle: Field = { name: 'title', type: 'text', localized: true, maxLength: 200 }

/** One lesson of a section. Its content fields are hidden from those not learning yet. */
const lessonFields: Field[] = [
  outlineTitle,
  {
    name: 'type',
    type: 'select',
    required: true,
    defaultValue: 'text',
    options: LESSON_TYPES.map((value) => ({ label: value, value })),
  },
  { name: 'required', type: 'checkbox', defaultValue: true, admin: { description: 'Counts towards completion.' } },
  {
    name: 'releaseAfterDays',
    type: 'number',
    min: 0,
    max: 3650,
    admin: { description: 'Drip release: opens this many days after the student enrolls. Empty: at once.' },
  },
  { name: 'body', type: 'richText', localized: true, access: contentAccess },
  {
    name: 'videoUrl',
    type: 'text',
    maxLength: 2000,
    access: contentAccess,
    admin: { condition: (_, sibling) => sibling?.type === 'video' },
    validate: (value: unknown) =>
      value === null || value === undefined || value === '' || (typeof value === 'string' && /^https:\/\/\S+$/.test(value))
        ? true
        : 'Use an https:// address.',
  },
  {
    name: 'file',
    type: 'upload',
    relationTo: MEDIA,
    access: contentAccess,
    admin: { condition: (_, sibling) => sibling?.type === 'file' },
  },
  {
    name: 'liveNote',
    type: 'text',
    localized: true,
    maxLength: 500,
    access: contentAccess,
    admin: { condition: (_, sibling) => sibling?.type === 'live', description: 'Placeholder until live classes are scheduled.' },
  },
]

/** A course of one school: catalog entry, outline and lesson content, with drafts. */
export const Courses: CollectionConfig = {
  slug: COURSES,
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'slug', 'enrollmentPolicy', '_status', 'archived'],
    components: { edit: { beforeDocumentControls: ['@/admin/analytics/CourseAnalyticsLink#CourseAnalyticsLink'] } },
  },
  versions: { drafts: true, maxPerDoc: 50 },
  access: {
    read: readCourses,
    readVersions: readCourseVersions,
    create: createInOwnTenant(COURSES),
    update: updateCourses,
    delete: deleteCourses,
  },
  indexes: [{ fields: ['tenant', 'slug'], unique: true }],
  endpoints: [enroll, completeLesson, bulkEnrollment, gradebook, analytics, attendance, tutor],
  hooks: { beforeChange: [checkCourseRules], afterChange: [refreshCoverVisibility, emitEvents(recordCourseEvents)], afterDelete: [refreshCoverVisibilityAfterDelete] },
  fields: [
    { name: 'title', type: 'text', required: true, localized: true, maxLength: 200 },
    tenantSlugField(COURSES),
    { name: 'summary', type: 'textarea', localized: true, maxLength: 1000 },
    { name: 'description', type: 'richText', localized: true },
    {
      type: 'row',
      fields: [
        { name: 'category', type: 'relationship', relationTo: CATEGORIES, index: true },
        { name: 'tags', type: 'relationship', relationTo: TAGS, hasMany: true },
      ],
    },
    {
      name: 'instructors',
      type: 'relationship',
      relationTo: USERS,
      hasMany: true,
      validate: validateInstructors,
      admin: { description: 'Instructors of this school who teach the course.' },
    },
    {
      name: 'cover',
      type: 'upload',
      relationTo: MEDIA,
      admin: { description: 'Shown in the catalog: the image is public while the course is published.' },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'level',
          type: 'select',
          defaultValue: 'all-levels',
          options: COURSE_LEVELS.map((value) => ({ label: value, value })),
        },
        localeField({ name: 'language', required: true }),
        { name: 'estimatedHours', type: 'number', min: 0, max: 10_000 },
      ],
    },
    {
      name: 'price',
      type: 'group',
      admin: { description: 'Leave empty for a free course.' },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'amount',
              type: 'number',
              min: 0,
              max: 100_000_000,
              admin: { description: 'In the currency\'s smallest unit (cents).' },
              validate: (value: unknown) =>
                value === null || value === undefined || Number.isInteger(value) ? true : 'Use a whole number of the smallest unit.',
            },
            {
              name: 'currency',
              type: 'text',
              maxLength: 3,
              hooks: { beforeValidate: [({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value)] },
              validate: (value: unknown) =>
                value === null || value === undefined || value === '' || (typeof value === 'string' && CURRENCIES.has(value))
                  ? true
                  : 'Use an ISO 4217 currency code such as USD.',
            },
          ],
        },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'enrollmentPolicy',
          type: 'select',
          required: true,
          defaultValue: 'open',
          options: ENROLLMENT_POLICIES.map((value) => ({ label: value, value })),
        },
        { name: 'capacity', type: 'number', min: 1, max: 1_000_000, admin: { description: 'Empty: unlimited.' } },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'enrollmentOpensAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'enrollmentClosesAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'startsAt', type: 'date', index: true },
        { name: 'endsAt', type: 'date' },
      ],
    },
    {
      name: 'prerequisites',
      type: 'relationship',
      relationTo: COURSES,
      hasMany: true,
      admin: { description: 'Courses a student must have completed before enrolling.' },
    },
    {
      name: 'minAttendanceShare',
      type: 'number',
      min: 1,
      max: 100,
      admin: { position: 'sidebar', description: 'Percent of the live classes’ time a student must attend to complete the course (excused classes left out). Empty: attendance does not count.' },
    },
    {
      name: 'tutorEnabled',
      type: 'checkbox',
      defaultValue: false,
      admin: { position: 'sidebar', description: 'Students enrolled in the course may ask the AI tutor, which answers from the course’s own lessons and guides rather than solves.' },
    },
    {
      name: 'issuesCertificate',
      type: 'checkbox',
      defaultValue: true,
      admin: { position: 'sidebar', description: 'Students who complete the course receive a verifiable certificate.' },
    },
    {
      name: 'archived',
      type: 'checkbox',
      defaultValue: false,
      index: true,
      admin: { position: 'sidebar', description: 'Hidden from the catalog; no new enrollments.' },
    },
    {
      name: 'sections',
      type: 'array',
      labels: { singular: 'Section', plural: 'Sections' },
      fields: [
        outlineTitle,
        { name: 'lessons', type: 'array', labels: { singular: 'Lesson', plural: 'Lessons' }, fields: lessonFields },
      ],
    },
  ],
}
