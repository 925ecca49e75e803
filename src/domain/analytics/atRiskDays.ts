import { invalid } from '@/shared/domainError'

/** Days without activity after which an active student counts as at risk, unless asked otherwise. */
export const DEFAULT_AT_RISK_DAYS = 14

/** `atRiskDays` as sent (query string, form): a whole number of days from 1 to 365, or a 400. */
export const parseAtRiskDays = (raw: string | null | undefined): number => {
  const text = raw ?? String(DEFAULT_AT_RISK_DAYS)
  const days = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN
  if (!(days >= 1 && days <= 365)) {
    throw invalid('"atRiskDays" is a whole number of days from 1 to 365.')
  }
  return days
}
