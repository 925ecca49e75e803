import type { SelectField } from 'payload'

import { LOCALES } from '@/i18n/locales'

/** A select of Aqoon's content locales. */
type Overrides = { name: string; required?: boolean; admin?: SelectField['admin'] }

export const localeField = (overrides: Overrides): SelectField => ({
  type: 'select',
  options: LOCALES.map(({ code, label }) => ({ label, value: code })),
  defaultValue: 'en',
  ...overrides,
})
