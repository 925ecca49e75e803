import type { NoticeCategory } from './kinds'

/** How often a person hears of a category by mail: at once, in a daily or weekly digest, or not. */
export const EMAIL_FREQUENCIES = ['immediate', 'daily', 'weekly', 'never'] as const
export type EmailFrequency = (typeof EMAIL_FREQUENCIES)[number]

/** In the app a category is shown or not: a digest of what is already listed would say nothing new. */
export const IN_APP_CHOICES = ['shown', 'hidden'] as const
export type InAppChoice = (typeof IN_APP_CHOICES)[number]

/** Each category's field in the preference groups (and its column, in snake case). */
export const CATEGORY_FIELDS: Record<NoticeCategory, string> = {
  courses: 'courses',
  grades: 'grades',
  'live-classes': 'liveClasses',
  'course-updates': 'courseUpdates',
  reminders: 'reminders',
  payments: 'payments',
  teaching: 'teaching',
}

export const columnOf = (category: NoticeCategory): string => CATEGORY_FIELDS[category].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** What a school that has chosen nothing sends by mail: news of one's own work at once, the rest in a daily digest. */
export const BUILT_IN_EMAIL: Record<NoticeCategory, EmailFrequency> = {
  courses: 'immediate',
  grades: 'immediate',
  'live-classes': 'immediate',
  'course-updates': 'daily',
  reminders: 'immediate',
  payments: 'immediate',
  teaching: 'daily',
}

export const CATEGORY_LABELS: Record<NoticeCategory, string> = {
  courses: 'Enrollments, completions and certificates',
  grades: 'Grades',
  'live-classes': 'Live classes and recordings',
  'course-updates': 'New quizzes and class summaries',
  reminders: 'Reminders: work due and quizzes closing',
  payments: 'Payments, receipts and invoices (always sent)',
  teaching: 'Teaching: requests, hand-ins, reviews (staff)',
}
