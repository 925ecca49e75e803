/**
 * Numbers and dates in the admin panel's language. Latin digits in Arabic too, as on
 * the learner site, so figures read the same as in the API and the CSV.
 */
export const formatters = (language: string) => {
  const locale = language === 'ar' ? 'ar-u-nu-latn' : 'en'
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })
  return {
    count: (value: number): string => number.format(value),
    /** Shares are already percentages; null (nothing to measure yet) is a dash. */
    percent: (value: number | null): string => (value === null ? '—' : `${number.format(value)}%`),
    date: (iso: string): string => day.format(new Date(iso)),
  }
}

export type Formatters = ReturnType<typeof formatters>
