import type { CollectionConfig } from 'payload'

import { courseStaffField } from '@/access/courseStaffField'
import { courseStaffOnly } from '@/access/courseMembers'
import { ownerOrCourseStaff } from '@/access/ownerOrCourseStaff'
import { systemOnly } from '@/access/systemOnly'
import { recordAttemptEvents } from '@/domain/coursework/quizzes/events'
import { emitEvents } from '@/hooks/emitEvents'
import { COURSES, QUIZ_ATTEMPTS, QUIZZES, USERS } from '@/shared/slugs'

import { attemptPaper, saveAnswers, submitAttempt } from './endpoints/attemptEndpoints'

export const ATTEMPT_STATUSES = ['in-progress', 'graded'] as const

const readOnly = { access: systemOnly, admin: { readOnly: true } }

/**
 * One student's attempt at a quiz: its questions as they were when it started (with their
 * answers, for the course's staff only), the student's answers, and the grade given the moment
 * it is handed in or its time runs out. Written only through the attempt endpoints; the course's
 * staff may delete one to give the student another try.
 */
export const QuizAttempts: CollectionConfig = {
  slug: QUIZ_ATTEMPTS,
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'status', 'score', 'percent', 'passed', 'submittedAt'] },
  access: { read: ownerOrCourseStaff('student'), create: () => false, update: () => false, delete: courseStaffOnly },
  indexes: [{ fields: ['quiz', 'student', 'attempt'], unique: true }],
  endpoints: [attemptPaper, saveAnswers, submitAttempt],
  hooks: { afterChange: [emitEvents(recordAttemptEvents)] },
  fields: [
    { name: 'title', type: 'text', ...readOnly },
    { name: 'quiz', type: 'relationship', relationTo: QUIZZES, required: true, index: true, ...readOnly },
    { name: 'course', type: 'relationship', relationTo: COURSES, required: true, index: true, ...readOnly },
    { name: 'student', type: 'relationship', relationTo: USERS, required: true, index: true, ...readOnly },
    {
      type: 'row',
      fields: [
        { name: 'attempt', type: 'number', required: true, min: 1, ...readOnly },
        { name: 'status', type: 'select', required: true, defaultValue: 'in-progress', options: ATTEMPT_STATUSES.map((value) => ({ label: value, value })), ...readOnly },
        {
          name: 'closedBy',
          type: 'select',
          options: [
            { label: 'Handed in by the student', value: 'student' },
            { label: 'Time ran out', value: 'time-limit' },
          ],
          ...readOnly,
        },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'startedAt', type: 'date', required: true, ...readOnly },
        { name: 'deadline', type: 'date', index: true, ...readOnly },
        { name: 'submittedAt', type: 'date', ...readOnly },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'score', type: 'number', ...readOnly },
        { name: 'maxScore', type: 'number', ...readOnly },
        { name: 'percent', type: 'number', ...readOnly },
        { name: 'passed', type: 'checkbox', ...readOnly },
      ],
    },
    { name: 'answers', type: 'json', ...readOnly, admin: { readOnly: true, description: 'The student’s answers by question id.' } },
    { name: 'results', type: 'json', ...readOnly, admin: { readOnly: true, description: 'Points per question, once graded.' } },
    // The questions with their answers, as the attempt shows them: never the student's to read.
    { name: 'paper', type: 'json', access: { ...systemOnly, read: courseStaffField }, admin: { readOnly: true } },
  ],
}
