import type { LocaleCode } from '@/i18n/locales'

import { intlLocale } from '@/domain/payments/invoiceText'
import { formatMoney } from '@/domain/payments/money'

/** An amount in the currency's smallest unit, written as the invoice in this language writes it. */
export const moneyText = (minor: number, currency: string, locale: LocaleCode): string => formatMoney(minor, currency, intlLocale(locale))
