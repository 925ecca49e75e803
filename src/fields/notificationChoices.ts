import type { Field, SelectField } from 'payload'

import { NOTICE_CATEGORIES } from '@/domain/notifications/kinds'
import { CATEGORY_FIELDS, CATEGORY_LABELS, EMAIL_FREQUENCIES, IN_APP_CHOICES } from '@/domain/notifications/preferences'

const FREQUENCY_LABELS = { immediate: 'Immediately', daily: 'Daily digest', weekly: 'Weekly digest', never: 'Never' } as const

/** One select per notification category: how often it comes by mail. Empty means "as the school sets". */
export const emailFrequencyFields = (description: string): Field[] =>
  NOTICE_CATEGORIES.map(
    (category): SelectField => ({
      name: CATEGORY_FIELDS[category],
      label: CATEGORY_LABELS[category],
      type: 'select',
      options: EMAIL_FREQUENCIES.map((value) => ({ label: FREQUENCY_LABELS[value], value })),
      admin: { description },
    }),
  )

/** One select per category: shown in the app or not. */
export const inAppChoiceFields = (): Field[] =>
  NOTICE_CATEGORIES.map(
    (category): SelectField => ({
      name: CATEGORY_FIELDS[category],
      label: CATEGORY_LABELS[category],
      type: 'select',
      options: IN_APP_CHOICES.map((value) => ({ label: value === 'shown' ? 'Shown' : 'Hidden', value })),
    }),
  )
