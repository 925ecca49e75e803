import type { CollectionConfig } from 'payload'

import { courseStaffField } from '@/access/courseStaffField'
import { createInOwnTenant } from '@/access/createInOwnTenant'
import { manageCourseWork, readCourseWork, readCourseWorkVersions } from '@/access/courseWork'
import { systemOnly } from '@/access/systemOnly'
import { recordQuizEvents } from '@/domain/coursework/quizzes/events'
import { QUESTION_TYPES, REVIEW_POLICIES } from '@/domain/coursework/quizzes/paper'
import { emitEvents } from '@/hooks/emitEvents'
import { COURSES, QUIZZES } from '@/shared/slugs'

import { generateQuiz } from './endpoints/generateQuiz'
import { startAttempt } from './endpoints/startAttempt'
import { checkQuizRules } from './hooks/checkQuizRules'

const QUESTION_LABELS: Record<(typeof QUESTION_TYPES)[number], string> = {
  single: 'Multiple choice, one answer',
  multiple: 'Multiple choice, several answers',
  'true-false': 'True or false',
  short: 'Short answer',
}

const REVIEW_LABELS: Record<(typeof REVIEW_POLICIES)[number], string> = {
  'after-attempt': 'Score, correct answers and explanations after each attempt',
  'after-last-attempt': 'Score after each attempt; correct answers once no attempt is left or the quiz has closed',
  'score-only': 'Score and which questions were right, never the correct answers',
}

const isType =
  (...types: string[]) =>
  (_: unknown, sibling: { type?: string }) =>
    types.includes(sibling?.type ?? '')

/**
 * Questions a course's students answer online, graded the moment they hand in. The questions
 * and their answers are read by the course's staff only: students get them through an attempt
 * (`POST /api/quizzes/:id/attempts`), without the answers until it is graded.
 */
export const Quizzes: CollectionConfig = {
  slug: QUIZZES,
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'course', 'questionCount', 'totalPoints', '_status'] },
  versions: { drafts: true, maxPerDoc: 20 },
  access: {
    read: readCourseWork,
    readVersions: readCourseWorkVersions,
    // Staff create quizzes in their schools; the course itself is checked by the collection's rules.
    create: createInOwnTenant(QUIZZES),
    update: manageCourseWork,
    delete: manageCourseWork,
  },
  endpoints: [generateQuiz, startAttempt],
  hooks: { beforeChange: [checkQuizRules], afterChange: [emitEvents(recordQuizEvents)] },
  fields: [
    { name: 'course', type: 'relationship', relationTo: COURSES, required: true, index: true },
    { name: 'lesson', type: 'text', maxLength: 64, admin: { description: 'Optional: the ID of the lesson this quiz belongs to.' } },
    { name: 'title', type: 'text', required: true, localized: true, maxLength: 200 },
    { name: 'description', type: 'textarea', localized: true, maxLength: 5000 },
    {
      type: 'row',
      fields: [
        { name: 'opensAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'closesAt', type: 'date', index: true, admin: { date: { pickerAppearance: 'dayAndTime' }, description: 'No attempt starts after this moment.' } },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'timeLimitMinutes', type: 'number', min: 1, max: 600, admin: { description: 'Empty: no time limit.' } },
        { name: 'maxAttempts', type: 'number', required: true, defaultValue: 1, min: 1, max: 100 },
        { name: 'passPercent', type: 'number', required: true, defaultValue: 50, min: 0, max: 100, admin: { description: 'The pass mark, in percent of the points.' } },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'shuffleQuestions', type: 'checkbox', defaultValue: false },
        { name: 'shuffleOptions', type: 'checkbox', defaultValue: false },
        {
          name: 'requiredForCompletion',
          type: 'checkbox',
          defaultValue: false,
          admin: { description: 'The course completes only when an attempt passes.' },
        },
      ],
    },
    {
      name: 'review',
      type: 'select',
      defaultValue: 'after-attempt',
      options: REVIEW_POLICIES.map((value) => ({ label: REVIEW_LABELS[value], value })),
    },
    {
      name: 'generated',
      type: 'group',
      access: { ...systemOnly, read: courseStaffField },
      admin: { readOnly: true, condition: (data) => Boolean(data?.generated?.ledger), description: 'Written by the AI as a draft: review every question before publishing.' },
      fields: [
        { name: 'source', type: 'text', access: { ...systemOnly, read: courseStaffField }, admin: { readOnly: true, description: 'What the questions were written from.' } },
        { name: 'droppedQuestions', type: 'number', access: { ...systemOnly, read: courseStaffField }, admin: { readOnly: true, description: 'Questions the AI wrote that could not be used (no right answer among the options, and the like): left out.' } },
        { name: 'ledger', type: 'number', access: { ...systemOnly, read: courseStaffField }, admin: { readOnly: true, description: 'The AI ledger row of the call (ai-usage).' } },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'questionCount', type: 'number', access: systemOnly, admin: { readOnly: true } },
        { name: 'totalPoints', type: 'number', access: systemOnly, admin: { readOnly: true } },
      ],
    },
    {
      name: 'questions',
      type: 'array',
      maxRows: 200,
      // The course's staff only: a student sees the questions in an attempt, within its time.
      access: { read: courseStaffField },
      labels: { singular: 'Question', plural: 'Questions' },
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'type', type: 'select', required: true, defaultValue: 'single', options: QUESTION_TYPES.map((value) => ({ label: QUESTION_LABELS[value], value })) },
            { name: 'points', type: 'number', required: true, defaultValue: 1, min: 0, max: 1000 },
          ],
        },
        { name: 'prompt', type: 'textarea', required: true, localized: true, maxLength: 2000 },
        {
          name: 'options',
          type: 'array',
          maxRows: 10,
          admin: { condition: isType('single', 'multiple') },
          fields: [
            {
              type: 'row',
              fields: [
                { name: 'text', type: 'text', required: true, localized: true, maxLength: 500 },
                { name: 'correct', type: 'checkbox', defaultValue: false },
              ],
            },
          ],
        },
        { name: 'statementIsTrue', type: 'checkbox', defaultValue: false, admin: { condition: isType('true-false'), description: 'Checked: "true" is the right answer.' } },
        {
          name: 'acceptedAnswers',
          type: 'array',
          maxRows: 20,
          admin: { condition: isType('short'), description: 'Matched ignoring spaces, punctuation at the ends, Arabic diacritics and letter variants, and (unless set) case. Answers in any of the quiz’s languages count.' },
          fields: [{ name: 'text', type: 'text', required: true, localized: true, maxLength: 200 }],
        },
        { name: 'caseSensitive', type: 'checkbox', defaultValue: false, admin: { condition: isType('short') } },
        { name: 'explanation', type: 'textarea', localized: true, maxLength: 5000, admin: { description: 'Shown with the correct answer when the student may see it.' } },
      ],
    },
  ],
}
