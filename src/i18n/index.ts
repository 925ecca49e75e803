import type { Config } from 'payload'

import { ar } from '@payloadcms/translations/languages/ar'
import { en } from '@payloadcms/translations/languages/en'

import { DEFAULT_LOCALE, LOCALES } from './locales'

export const localization: Config['localization'] = {
  locales: LOCALES.map(({ code, label, rtl }) => ({ code, label, rtl })),
  defaultLocale: DEFAULT_LOCALE,
  fallback: true,
}

/** Admin panel languages. Payload ships no Somali set; Somali editors use English. */
export const adminI18n: Config['i18n'] = {
  supportedLanguages: { en, ar },
  fallbackLanguage: 'en',
}
