import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { courseStaffConditions } from '@/domain/identity/staff'
import { anyOf } from '@/shared/anyOf'
import { COURSE_ACTIVITY, COURSES } from '@/shared/slugs'

/**
 * What happened in each course each day, counted by the analytics subscriber from domain events
 * (once per event: the count and its receipt commit together). Read by the course's staff.
 */
export const CourseActivity: CollectionConfig = {
  slug: COURSE_ACTIVITY,
  labels: { singular: 'Course activity', plural: 'Course activity' },
  admin: {
    useAsTitle: 'day',
    defaultColumns: ['day', 'course', 'enrollments', 'completions', 'cancellations', 'handIns', 'gradesReleased', 'certificates'],
    description: 'Daily counts per course, kept from the school\'s events.',
  },
  access: {
    read: async ({ req }) => (isSuperAdmin(req.user) ? true : req.user ? anyOf(await courseStaffConditions(req)) : false),
    create: nobody,
    update: nobody,
    delete: nobody,
  },
  disableDuplicate: true,
  defaultSort: '-day',
  indexes: [{ fields: ['course', 'day'], unique: true }],
  fields: [
    { name: 'course', type: 'relationship', relationTo: COURSES, required: true, index: true },
    { name: 'day', type: 'text', required: true, index: true, admin: { description: 'YYYY-MM-DD, UTC.' } },
    ...(['enrollments', 'completions', 'cancellations', 'handIns', 'gradesReleased', 'certificates'] as const).map((name) => ({
      name,
      type: 'number' as const,
      required: true,
      defaultValue: 0,
    })),
  ],
  timestamps: false,
}
