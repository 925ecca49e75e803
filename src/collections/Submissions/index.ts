import type { CollectionConfig } from 'payload'

import { recordSubmissionEvents } from '@/domain/coursework/events'
import { emitEvents } from '@/hooks/emitEvents'
import { systemOnly } from '@/access/systemOnly'
import { ASSIGNMENTS, COURSES, SUBMISSIONS, USERS } from '@/shared/slugs'

import { deleteSubmissions, readGrade, readGradeTrace, readSubmissions, updateSubmissions } from './access/submissionAccess'
import { gradeSubmission } from './endpoints/grade'
import { applyGrade, completeAfterGrade, showReleased } from './hooks/applyGrade'
import { showHandInAsUpdatedAt, showStatusAsHandedIn } from './hooks/hideUnreleased'

export const SUBMISSION_STATUSES = ['submitted', 'graded', 'returned'] as const

/** Staff enter these (collection update access is theirs alone); the rest of the grade is computed. */
const gradeInput = { read: readGrade, create: () => false }
const grade = { read: readGrade, ...systemOnly }
/** Values that change when a grade is entered: shown as at hand-in to the student until release. */
const gradeTrace = { read: readGradeTrace, ...systemOnly }

/**
 * One attempt of one student at one assignment. A resubmission is a new attempt, never an
 * overwrite. Written only by `POST /api/assignments/:id/submit` and `POST /api/submissions/:id/grade`.
 */
export const Submissions: CollectionConfig = {
  slug: SUBMISSIONS,
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'attempt', 'status', 'late', 'submittedAt'] },
  access: { read: readSubmissions, create: () => false, update: updateSubmissions, delete: deleteSubmissions },
  indexes: [{ fields: ['assignment', 'student', 'attempt'], unique: true }],
  endpoints: [gradeSubmission],
  hooks: { beforeChange: [applyGrade], afterChange: [emitEvents(recordSubmissionEvents), completeAfterGrade] },
  fields: [
    { name: 'title', type: 'text', access: systemOnly, admin: { readOnly: true } },
    { name: 'assignment', type: 'relationship', relationTo: ASSIGNMENTS, required: true, index: true, access: systemOnly },
    { name: 'course', type: 'relationship', relationTo: COURSES, required: true, index: true, access: systemOnly },
    { name: 'student', type: 'relationship', relationTo: USERS, required: true, index: true, access: systemOnly },
    { name: 'attempt', type: 'number', required: true, min: 1, access: systemOnly },
    { name: 'text', type: 'textarea', maxLength: 50_000, access: systemOnly },
    { name: 'submittedAt', type: 'date', required: true, access: systemOnly },
    {
      type: 'row',
      fields: [
        { name: 'late', type: 'checkbox', defaultValue: false, access: systemOnly },
        { name: 'lateDays', type: 'number', min: 0, defaultValue: 0, access: systemOnly },
        {
          name: 'status',
          type: 'select',
          required: true,
          defaultValue: 'submitted',
          access: gradeTrace,
          hooks: { afterRead: [showStatusAsHandedIn] },
          options: SUBMISSION_STATUSES.map((value) => ({ label: value, value })),
        },
      ],
    },
    {
      type: 'collapsible',
      label: 'Grade',
      fields: [
        { name: 'points', type: 'number', min: 0, access: gradeInput, admin: { description: 'Before any late penalty. With a rubric, the rubric scores decide.' } },
        {
          name: 'rubricScores',
          type: 'json',
          access: gradeInput,
          admin: { description: 'With a rubric: [{"criterion": "<criterion id>", "points": n}], one per criterion.' },
        },
        { name: 'feedback', type: 'textarea', maxLength: 20_000, access: gradeInput },
        {
          name: 'release',
          type: 'checkbox',
          virtual: true,
          access: { create: () => false },
          hooks: { afterRead: [showReleased] },
          // Virtual fields are read-only in the admin panel unless told otherwise; this one is an action.
          admin: { readOnly: false, description: 'Show the grade and feedback to the student. Once released, a grade stays visible.' },
        },
        { name: 'penaltyPercent', type: 'number', min: 0, max: 100, access: grade },
        { name: 'finalPoints', type: 'number', min: 0, access: grade },
        { name: 'gradedBy', type: 'relationship', relationTo: USERS, access: grade },
        { name: 'gradedAt', type: 'date', access: grade },
        { name: 'releasedAt', type: 'date', access: systemOnly },
      ],
    },
    // Payload's own timestamp (same column and index), declared here to carry the access and hook above.
    {
      name: 'updatedAt',
      type: 'date',
      index: true,
      access: gradeTrace,
      hooks: { afterRead: [showHandInAsUpdatedAt] },
      admin: { hidden: true, disableBulkEdit: true },
      label: ({ t }) => t('general:updatedAt'),
    },
  ],
}
