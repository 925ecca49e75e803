/** Content locales. Arabic is written right to left. */
export const LOCALES = [
  { code: 'en', label: 'English', rtl: false },
  { code: 'ar', label: 'العربية', rtl: true },
  { code: 'so', label: 'Soomaali', rtl: false },
] as const

export type LocaleCode = (typeof LOCALES)[number]['code']

export const DEFAULT_LOCALE: LocaleCode = 'en'

export const isLocaleCode = (value: unknown): value is LocaleCode =>
  LOCALES.some(({ code }) => code === value)
