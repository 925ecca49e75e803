import type { NoticeKind, NoticeParams } from '@/i18n/notifications'
import type { LocaleCode } from '@/i18n/locales'

import { formatMoney } from '@/domain/payments/money'
import { noticeWords } from '@/i18n/notifications'

import { type Branding, type RenderedMail, renderNotificationMail } from './render'

/** What each language's sample names: the words a school would see filled in. */
const SAMPLES: Record<LocaleCode, { course: string; item: string; person: string; organisation: string }> = {
  en: { course: 'Fractions', item: 'Essay on halves', person: 'Amina Yusuf', organisation: 'Acme Logistics' },
  ar: { course: 'الكسور', item: 'مقال عن الأنصاف', person: 'أمينة يوسف', organisation: 'شركة أكمي' },
  so: { course: 'Jajabyada', item: 'Qoraal ku saabsan badhka', person: 'Amina Yusuf', organisation: 'Acme Logistics' },
}

/**
 * A notification mail of `kind` as a person reading `locale` would get it, with sample words,
 * in the school's branding: the admin panel's template preview. Sent to nobody.
 */
export const previewMail = (kind: NoticeKind, locale: LocaleCode, branding: Branding, now = new Date()): RenderedMail => {
  const sample = SAMPLES[locale]
  const when = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' }).format(new Date(now.getTime() + 86_400_000))
  const params: NoticeParams = { course: sample.course, item: sample.item, when, minutes: 55, amount: formatMoney(4900, 'USD', locale), reference: 'AQ-7K2M-9QXD', person: sample.person, percent: 87, flag: 'self-harm', organisation: sample.organisation }
  const words = noticeWords[kind][locale]
  return renderNotificationMail({ locale, branding, item: { subject: words.title(params), body: words.body(params), link: '/learn' }, unsubscribe: '#unsubscribe' })
}
