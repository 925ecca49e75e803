import type { Access, CollectionConfig, Where } from 'payload'

import { anyOf } from '@/shared/anyOf'
import { TUTOR_FLAGS } from '@/domain/ai/tutor/flags'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { courseStaffConditions } from '@/domain/identity/staff'
import { COURSES, TUTOR_MESSAGES, USERS } from '@/shared/slugs'

/**
 * A person's conversation is theirs: they read their own messages (and may delete them). The
 * course's staff read only the messages that raised a flag, never the rest of a conversation.
 */
const readMessages: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  if (req.user?.collection !== 'users') {
    return false
  }
  const staff = await courseStaffConditions(req)
  return anyOf([{ person: { equals: req.user.id } }, ...staff.map((condition) => ({ and: [condition, { flag: { exists: true } }] }))])
}

/** A person deletes their own messages, except a flagged one: the staff it was raised for must be able to read it. */
const deleteOwn: Access = ({ req }) =>
  req.user?.collection === 'users' && (req.user as { kind?: string }).kind !== 'integration' ? { and: [{ person: { equals: req.user.id } } as Where, { flag: { exists: false } }] } : false

/**
 * The tutor's conversations: one row per message, the student's and the tutor's, per person and
 * course, with the lessons an answer drew on. Written by the tutor endpoint alone.
 */
export const TutorMessages: CollectionConfig = {
  slug: TUTOR_MESSAGES,
  labels: { singular: 'Tutor message', plural: 'Tutor messages' },
  admin: { group: 'AI', useAsTitle: 'role', defaultColumns: ['createdAt', 'person', 'course', 'role', 'flag'] },
  access: { read: readMessages, create: () => false, update: () => false, delete: deleteOwn },
  defaultSort: 'createdAt',
  indexes: [{ fields: ['person', 'course', 'createdAt'] }],
  fields: [
    { name: 'person', type: 'relationship', relationTo: USERS, required: true, index: true, admin: { readOnly: true } },
    { name: 'course', type: 'relationship', relationTo: COURSES, required: true, index: true, admin: { readOnly: true } },
    {
      name: 'role',
      type: 'select',
      required: true,
      options: [
        { label: 'Student', value: 'student' },
        { label: 'Tutor', value: 'tutor' },
      ],
      admin: { readOnly: true },
    },
    { name: 'text', type: 'textarea', required: true, maxLength: 20_000, admin: { readOnly: true } },
    { name: 'locale', type: 'text', maxLength: 8, admin: { readOnly: true } },
    {
      name: 'citations',
      type: 'json',
      admin: { readOnly: true, description: 'The lessons (and summaries) the answer drew on: [{"kind": "lesson", "id", "title"}].' },
    },
    // The most serious flag the student's message raised; it is shown to the course's staff.
    { name: 'flag', type: 'select', index: true, options: TUTOR_FLAGS.map((value) => ({ label: value, value })), admin: { readOnly: true } },
    { name: 'ledger', type: 'number', admin: { readOnly: true, description: 'The AI ledger row of the call that wrote this answer.' } },
  ],
}
