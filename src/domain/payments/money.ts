/**
 * Money is held in a currency's smallest unit (cents, fils, or whole yen), as integers, the way
 * Stripe takes it; PayPal and people read decimals. The digits after the point are the
 * currency's own (ISO 4217 through Intl): 2 for USD, 0 for JPY, 3 for KWD.
 */
export const minorDigits = (currency: string): number =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2

/** `1999, 'USD'` → `'19.99'`; `500, 'JPY'` → `'500'`. */
export const toDecimalString = (minor: number, currency: string): string => {
  const digits = minorDigits(currency)
  const sign = minor < 0 ? '-' : ''
  const units = String(Math.abs(minor)).padStart(digits + 1, '0')
  return digits === 0 ? `${sign}${units}` : `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`
}

/** `'19.99', 'USD'` → `1999`; undefined when the text is not an amount in that currency. */
export const fromDecimalString = (text: string, currency: string): number | undefined => {
  const digits = minorDigits(currency)
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim())
  if (!match || (match[3]?.length ?? 0) > digits) {
    return undefined
  }
  const minor = Number(`${match[2]}${(match[3] ?? '').padEnd(digits, '0')}`)
  return match[1] ? -minor : minor
}

/** An amount for people, in `locale`'s way of writing money. */
export const formatMoney = (minor: number, currency: string, locale: string): string =>
  new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 10 ** minorDigits(currency))
